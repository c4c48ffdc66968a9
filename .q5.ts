import { generateDemo } from './src/demo/generate.ts';
const c0 = process.cpuUsage(); const t0 = performance.now(); const d = generateDemo(); const c = process.cpuUsage(c0);
console.log('gen wall ms', Math.round(performance.now() - t0), 'cpu ms', Math.round((c.user + c.system) / 1000), d.tables.DeviceNetworkEvents.length);
