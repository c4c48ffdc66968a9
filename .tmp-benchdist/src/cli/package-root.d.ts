/** The folder holding edgewatch's package.json, from src/ or from dist/src/. */
export declare function packageRoot(): string;
