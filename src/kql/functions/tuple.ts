/**
 * Tuple-valued functions: one call, several output columns (series_fit_line, series_stats, array_sort_asc of
 * several arrays, ...). The translator computes the tuple once per row into a hidden carrier column
 * (`tuple:<name>`: an array of the element values, or null) and reads each output column out of it with
 * `tuple:item(carrier, i)`, so the underlying call runs once however many of its columns are used.
 *
 * A carrier array only ever lives in a hidden column; it holds boxed values of the elements' Kusto types (a long
 * element is a bigint), not a Kusto dynamic value.
 */
import type { Boxed, Dyn } from '../data/types.js';
import { unsupported } from '../errors.js';
import { compareForSort } from './dynamic.js';
import type { CallSite, ScalarFunction } from './scalar-function.js';
import { tupleFunctions as seriesTuples, tupleFunctionsNotYet as seriesNotYet } from './series.js';

/** The values of the tuple's elements in Kusto.Language's column order, or null (every element null). */
export type TupleRowFn = (args: Boxed[]) => Boxed[] | null;

export interface TupleFunction {
  readonly name: string;
  bind(site: CallSite): TupleRowFn;
}

/** The name of the scalar function that computes a tuple function's carrier. */
export function carrierFunctionName(name: string): string {
  return `tuple:${name}`;
}

export const TUPLE_ITEM = 'tuple:item';

/**
 * array_sort_asc/desc(a1, ..., aN [, nulls_last]) with several arrays (array-sort-asc-function.md): a1 is sorted,
 * the others are reordered to match; an array whose length differs from a1's gives null. Ties in a1 keep their
 * input order (the docs are silent; a stable sort is our choice).
 */
function arraySortTogether(name: string, desc: boolean): TupleFunction {
  return {
    name,
    bind(site) {
      const hasNullsLast = site.argTypes.length > 1 && site.argTypes[site.argTypes.length - 1] === 'bool';
      const arrays = hasNullsLast ? site.argTypes.length - 1 : site.argTypes.length;
      return (args) => {
        let nullsLast = true;
        if (hasNullsLast) {
          const b = args[arrays] ?? null;
          if (b === null) return null;
          nullsLast = b === true;
        }
        const first = args[0];
        if (!Array.isArray(first)) return null;
        const a = first as Dyn[];
        const order = a.map((_x, i) => i);
        const nonNull = order.filter((i) => a[i] !== null);
        const nulls = order.filter((i) => a[i] === null);
        nonNull.sort((i, j) => (desc ? -compareForSort(a[i]!, a[j]!) : compareForSort(a[i]!, a[j]!)));
        const perm = nullsLast ? [...nonNull, ...nulls] : [...nulls, ...nonNull];
        const out: Boxed[] = [];
        for (let k = 0; k < arrays; k++) {
          const v = args[k];
          out.push(Array.isArray(v) && v.length === a.length ? perm.map((i) => (v as Dyn[])[i]!) : null);
        }
        return out;
      };
    },
  };
}

const registry = new Map<string, TupleFunction>();
for (const [name, fn] of Object.entries(seriesTuples)) registry.set(name, { name, bind: () => fn });
for (const f of [arraySortTogether('array_sort_asc', false), arraySortTogether('array_sort_desc', true)]) registry.set(f.name, f);

/** Known tuple functions we do not implement: binding one reports why. */
const notYet = new Map<string, TupleFunction>();
for (const [name, why] of Object.entries(seriesNotYet)) {
  notYet.set(name, { name, bind: () => { throw unsupported(`${name}: ${why}`); } });
}

export function getTupleFunction(name: string): TupleFunction | undefined {
  return registry.get(name) ?? notYet.get(name);
}

/** The implemented tuple functions. */
export function tupleFunctionNames(): string[] {
  return [...registry.keys()].sort();
}

/** The carrier functions and `tuple:item`, for the scalar registry. */
export const functions: ScalarFunction[] = [
  ...[...registry.values(), ...notYet.values()].map(
    (f): ScalarFunction => ({
      name: carrierFunctionName(f.name),
      bind: (site) => {
        const row = f.bind(site);
        return (args) => row(args);
      },
    }),
  ),
  {
    name: TUPLE_ITEM,
    bind: (site) => {
      if (site.constArgs[1] === undefined) throw unsupported('tuple:item with a non-constant index');
      const i = Number(site.constArgs[1]);
      return (args) => {
        const carrier = args[0];
        return Array.isArray(carrier) ? ((carrier as Boxed[])[i] ?? null) : null;
      };
    },
  },
];
