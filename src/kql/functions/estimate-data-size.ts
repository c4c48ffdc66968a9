/**
 * estimate_data_size(columns): the estimated size in bytes of the given columns of the row. The translator expands
 * `*` into every column of the row (see specialCall in language/translate.ts), so the row function just adds up
 * its arguments.
 *
 * Only the sizes the docs state are implemented: int 4, long 8, datetime 8 (estimate-table-size page) and a string
 * its length (estimate-data-size page: '1234567890' is 10). The docs give no size for bool, real, timespan, guid,
 * decimal or dynamic, nor say whether a string counts characters or UTF-8 bytes, so those are refused rather than
 * guessed. A null int/long/datetime counts its fixed size: the estimate-table-size page warns that empty columns a
 * union adds increase the estimate (our reading; an empty string counts 0).
 */
import type { KType } from '../data/types.js';
import { unsupported } from '../errors.js';
import type { ScalarFunction } from './scalar-function.js';

const FIXED: Partial<Record<KType, bigint>> = { int: 4n, long: 8n, datetime: 8n };

const ASCII = /^[\x00-\x7f]*$/;

export const functions: readonly ScalarFunction[] = [
  {
    name: 'estimate_data_size',
    bind: (site) => {
      let fixed = 0n;
      const strings: number[] = [];
      site.argTypes.forEach((t, i) => {
        const size = FIXED[t];
        if (size !== undefined) fixed += size;
        else if (t === 'string') strings.push(i);
        else throw unsupported(`estimate_data_size of a ${t} column (its size is not documented)`);
      });
      return (args) => {
        let total = fixed;
        for (const i of strings) {
          const v = args[i];
          if (typeof v !== 'string') continue;
          if (!ASCII.test(v)) throw unsupported('estimate_data_size of a non-ASCII string (characters or UTF-8 bytes is not documented)');
          total += BigInt(v.length);
        }
        return total;
      };
    },
  },
];
