import { encodeArrowFile, decodeArrowFile } from '../src/store/arrow-codec.js';
import { Table } from '../src/kql/data/batch.js';
import { FlatVector } from '../src/kql/data/vector.js';
import { dictEncodeStrings } from '../src/kql/data/vector.js';
const strs = ['', 'a', 'héllo', '😀', '\ud800', 'x'.repeat(5000), 'ünï', ''];
const t = new Table([{ name: 's', type: 'string' }, { name: 'g', type: 'guid' }], [dictEncodeStrings(strs), new FlatVector('guid', strs.map((s, i) => (i % 3 ? s : null)), null)], strs.length);
const back = decodeArrowFile(encodeArrowFile(t));
for (let i = 0; i < strs.length; i++) console.log(JSON.stringify(back.columns[0].get(i)) === JSON.stringify(strs[i] === '\ud800' ? '\ufffd' : strs[i]), JSON.stringify(back.columns[1].get(i)).slice(0, 20));
