import { functions as ip } from './ip.js';
import { functions as geo } from './geo.js';
import { functions as str } from './string.js';
import { functions as strOps } from './string-operators.js';
import { functions as datetime } from './datetime.js';
import { functions as dynamic } from './dynamic.js';
import { functions as conversion } from './conversion.js';
import { functions as math } from './math.js';
import { functions as misc } from './misc.js';
import { functions as operators } from './operators.js';
const modules = [ip, geo, str, strOps, datetime, dynamic, conversion, math, misc, operators];
const registry = new Map();
for (const m of modules)
    for (const f of m)
        registry.set(f.name, f);
export function getScalarFunction(name) {
    return registry.get(name);
}
export function scalarFunctionNames() {
    return [...registry.keys()].sort();
}
