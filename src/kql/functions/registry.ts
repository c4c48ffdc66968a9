/**
 * The scalar function registry, keyed by Kusto function name (operators as `op:<token>`). Later modules win, so the
 * operator kernels' row functions (operators.ts) come last.
 */
import type { ScalarFunction } from './scalar-function.js';
import { functions as ip } from './ip.js';
import { functions as geo } from './geo.js';
import { functions as str } from './string.js';
import { functions as strOps } from './string-operators.js';
import { functions as parseUrl } from './parse-url.js';
import { functions as parsePath } from './parse-path.js';
import { functions as datetime } from './datetime.js';
import { functions as dynamic } from './dynamic.js';
import { functions as conversion } from './conversion.js';
import { functions as math } from './math.js';
import { functions as misc } from './misc.js';
import { functions as series } from './series.js';
import { functions as more } from './more.js';
import { functions as geoSpatial } from './geo-spatial.js';
import { functions as operators } from './operators.js';
import { functions as tuple } from './tuple.js';
import { functions as tdigest } from './tdigest.js';
import { functions as geoRelations } from './geo-spatial-relations.js';
import { functions as geoSimplify } from './geo-spatial-simplify.js';
import { functions as geoOverlay } from './geo-spatial-overlay.js';
import { functions as geoInterpolate } from './geo-spatial-interpolate.js';
import { functions as units } from './units.js';
import { functions as estimateDataSize } from './estimate-data-size.js';

const modules: readonly (readonly ScalarFunction[])[] = [ip, geo, str, strOps, parseUrl, parsePath, datetime, dynamic, conversion, math, misc, series, more, geoSpatial, geoRelations, geoSimplify, geoOverlay, geoInterpolate, units, estimateDataSize, tuple, tdigest, operators];

const registry = new Map<string, ScalarFunction>();
for (const m of modules) for (const f of m) registry.set(f.name, f);

export function getScalarFunction(name: string): ScalarFunction | undefined {
  return registry.get(name);
}

export function scalarFunctionNames(): string[] {
  return [...registry.keys()].sort();
}
