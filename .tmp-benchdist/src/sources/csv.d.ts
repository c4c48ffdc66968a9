/** RFC 4180 CSV: quoted fields with doubled quotes, embedded newlines, CRLF or LF line ends. */
export interface CsvRow {
    readonly line: number;
    readonly fields: string[];
}
export declare function parseCsv(text: string): Generator<CsvRow>;
export declare class CsvError extends Error {
    readonly line: number;
    constructor(message: string, line: number);
}
