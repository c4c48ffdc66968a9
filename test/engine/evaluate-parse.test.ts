// parse evaluates once per distinct value of a dictionary-encoded source; open-schema evaluate plugins
// (bag_unpack / pivot without an output schema) compute their columns from the data when planned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from '../../src/kql/data/batch.js';
import { dictEncodeStrings } from '../../src/kql/data/vector.js';
import { TableSourceOp } from '../../src/kql/exec/operators/table-source.js';
import { ExtractOp } from '../../src/kql/exec/operators/ext/parse.js';
import { compileParsePattern } from '../../src/kql/exec/operators/ext/parse.js';
import { createEngine } from '../../src/index.js';
import { encodeResult } from '../../src/kql/engine.js';
import { planPhysical } from '../../src/kql/plan/physical-planner.js';

test('parse of a dictionary-encoded column runs the pattern once per distinct value', () => {
  const n = 300_000;
  const values: string[] = new Array(n);
  for (let i = 0; i < n; i++) values[i] = `user=u${i % 500} port=${i % 500}`;
  const col = dictEncodeStrings(values);
  const schema = [{ name: 's', type: 'string' as const }];
  const src = new TableSourceOp('src', () => new Table(schema, [col], n), schema);
  const { extract } = compileParsePattern({
    kind: 'simple',
    flags: '',
    firstNew: 1,
    parts: [{ t: 'lit', text: 'user=' }, { t: 'col', name: 'u', type: 'string' }, { t: 'lit', text: ' port=' }, { t: 'col', name: 'p', type: 'long' }],
  });
  let calls = 0;
  const counting = (s: string) => {
    calls++;
    return extract(s);
  };
  const outSchema = [...schema, { name: 'u', type: 'string' as const }, { name: 'p', type: 'long' as const }];
  const op = new ExtractOp(src, { type: 'string', describe: 's', eval: (b) => b.columns[0] }, counting, outSchema, 1, false, 'test');
  const t = Table.fromBatches(outSchema, [...op.execute()]);
  assert.equal(t.length, n);
  assert.equal(calls, 500);
  assert.equal(t.columns[1].get(123_456), `u${123_456 % 500}`);
  assert.equal(t.columns[2].get(123_456), BigInt(123_456 % 500));
  // The string output shares the source's codes (stays dictionary-encoded).
  assert.equal(t.columns[1].enc, 'dict');
});

type Ctx = Parameters<typeof planPhysical>[1];

/** Runs a query with result columns taken from the physical root, as runSubplan must for open schemas. */
function runOpen(query: string): { columns: string; rows: unknown[][] } {
  const kql = createEngine({}).kql as unknown as { prepare(q: string): { plan: never }; context(t: unknown, o: object): Ctx };
  const t = kql.prepare(query);
  const base = kql.context(t, {});
  const ctx: Ctx = {
    ...base,
    runSubplan: (plan) => {
      const op = planPhysical(plan, ctx);
      return Table.fromBatches(op.schema, [...op.execute()]);
    },
  };
  const r = encodeResult(ctx.runSubplan(t.plan));
  return { columns: r.columns.map((c) => `${c.name}:${c.type}`).join(', '), rows: r.rows };
}

const openCases: { query: string; columns: string; rows: unknown[][] }[] = [
  {
    query: 'datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({"Name": "Dave", "Age":40, "H": 1.5})] | evaluate bag_unpack(d)',
    columns: 'Age:long, H:real, Name:string',
    rows: [[20, null, 'John'], [40, 1.5, 'Dave']],
  },
  {
    query: "datatable(Name:string, d:dynamic)['James', dynamic({\"Name\": \"John\", \"Age\":20}), 'David', dynamic({\"Age\":40})] | evaluate bag_unpack(d, columnsConflict='replace_source')",
    columns: 'Name:string, Age:long',
    rows: [['John', 20], ['', 40]],
  },
  {
    query: "datatable(Name:string, d:dynamic)['James', dynamic({\"Name\": \"John\", \"Age\":20})] | evaluate bag_unpack(d, columnsConflict='keep_source')",
    columns: 'Name:string, Age:long',
    rows: [['James', 20]],
  },
  {
    query: 'datatable(d:dynamic)[dynamic({"a": 1}), dynamic({"a": "x"}), dynamic({"b": null})] | evaluate bag_unpack(d, "p_") | take 5',
    columns: 'p_a:dynamic, p_b:dynamic',
    rows: [[1, null], ['x', null], [null, null]],
  },
  {
    // Operators that use columns (where, project...) make the engine learn the columns first: see open-schema.kqltest.
    query: 'datatable(State:string, EventType:string, Deaths:long)["AL","Wind",1, "AK","Wind",2, "AL","Snow",3, "AL","Wind",4] | evaluate pivot(State, sum(Deaths)) | take 10',
    columns: 'EventType:string, AL:long, AK:long',
    rows: [['Wind', 5, 2], ['Snow', 3, 0]],
  },
];

for (const c of openCases) {
  test(`open schema: ${c.query.slice(c.query.indexOf('evaluate'))}`, () => {
    const r = runOpen(c.query);
    assert.equal(r.columns, c.columns);
    assert.deepEqual(r.rows, c.rows);
  });
}

test('bag_unpack: a key that names an input column is an error by default', () => {
  assert.throws(() => runOpen("datatable(Name:string, d:dynamic)['James', dynamic({\"Name\": \"John\"})] | evaluate bag_unpack(d)"), /already exists/);
});

test('through the engine, an open-schema bag_unpack gives its full columns or is unsupported, never fewer columns', async () => {
  const q = 'datatable(d:dynamic)[dynamic({"Name": "John", "Age":20})] | evaluate bag_unpack(d)';
  try {
    const r = await createEngine({}).query(q);
    assert.deepEqual(r.columns.map((c) => c.name), ['Age', 'Name']);
    assert.deepEqual(r.rows, [[20, 'John']]);
  } catch (e) {
    assert.match(String(e), /unsupported: evaluate bag_unpack without an output schema/);
  }
});
