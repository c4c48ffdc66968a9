import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
/** The folder holding edgewatch's package.json, from src/ or from dist/src/. */
export function packageRoot() {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
        if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules')))
            return dir;
        dir = dirname(dir);
    }
    throw new Error('cannot find the edgewatch package root');
}
