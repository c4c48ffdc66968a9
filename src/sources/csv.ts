// The CSV parser lives with the engine's data formats (externaldata reads CSV too); readers use it from there.
export { parseCsv, CsvError, type CsvRow } from '../kql/data/csv.js';
