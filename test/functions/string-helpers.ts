// Shared by the string*.test.ts files: binds a ScalarFunction the way the executor does and calls it once.
import type { Boxed, KType } from '../../src/kql/data/types.js';
import type { ScalarFunction } from '../../src/kql/functions/scalar-function.js';

export function inferType(v: Boxed): KType {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'real';
  if (typeof v === 'boolean') return 'bool';
  return 'dynamic';
}

export interface CallOpts {
  argTypes?: KType[];
  resultType?: KType;
  /** Which args are passed as call-site constants: 'all', 'none', or the default 'tail' (all but args[0]). */
  consts?: 'all' | 'none' | 'tail';
}

export function caller(fns: ScalarFunction[]) {
  const byName = new Map(fns.map((f) => [f.name, f]));
  return (name: string, args: Boxed[], opts: CallOpts = {}): Boxed => {
    const f = byName.get(name);
    if (!f) throw new Error(`no function ${name}`);
    const consts = opts.consts ?? 'tail';
    const row = f.bind({
      name,
      argTypes: opts.argTypes ?? args.map(inferType),
      resultType: opts.resultType ?? 'string',
      constArgs: args.map((a, i) => (consts === 'all' || (consts === 'tail' && i > 0) ? a : undefined)),
      now: 0n,
    });
    return row(args);
  };
}
