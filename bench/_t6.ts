import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { createEngine } from '../src/index.js';
import { generate, deviceInfoTable, networkEventsTable } from './bench-data.js';
import { loadDuck, duckSql } from './seed-bench.js';
const d = generate({ events: 5_000_000 });
const inst = await DuckDBInstance.create(':memory:');
const conn = await inst.connect();
await loadDuck(conn, d, () => {});
const e = createEngine({ schema: 'mde' });
e.kql.setTable('DeviceInfo', deviceInfoTable(d.info));
e.kql.setTable('DeviceNetworkEvents', networkEventsTable(d.events));
const seed = readFileSync('rules/seed-port-scan.kql', 'utf8');
const q = duckSql(d.now);
const T = async () => { const c = process.cpuUsage(); const t = performance.now(); await conn.runAndReadAll(q); const cu = process.cpuUsage(c); return `${Math.round(performance.now() - t)}/${Math.round((cu.user + cu.system) / 1000)}`; };
const alone: string[] = []; for (let i = 0; i < 6; i++) alone.push(await T());
console.log('duck alone wall/cpu', alone.join(' '));
const inter: string[] = [];
for (let i = 0; i < 6; i++) { await e.query(seed, { now: d.now }); (globalThis as any).gc(); inter.push(await T()); }
console.log('duck after ew+gc', inter.join(' '));
const inter2: string[] = [];
for (let i = 0; i < 6; i++) { await e.query(seed, { now: d.now }); (globalThis as any).gc(); await new Promise((r) => setTimeout(r, 200)); inter2.push(await T()); }
console.log('duck after ew+gc+200ms', inter2.join(' '));
const alone2: string[] = []; for (let i = 0; i < 6; i++) alone2.push(await T());
console.log('duck alone again', alone2.join(' '));
