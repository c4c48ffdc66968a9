#!/usr/bin/env node
export declare const EXIT: {
    readonly ok: 0;
    readonly usage: 2;
    readonly query: 3;
    readonly unsupported: 4;
    readonly runtime: 5;
};
export declare function main(argv: string[]): Promise<number>;
