/**
 * Microsoft Defender XDR advanced-hunting table schemas, as data.
 *
 * Column names, order and types follow Microsoft's table pages (MicrosoftDocs/defender-docs,
 * `defender-xdr/advanced-hunting-*-table.md`); the tables transcribed in ../shared/mde/schema.md come from that
 * file first, with the columns later pages added appended (DeviceInfo's 2026-07 additions, and
 * `InitiatingProcessUniqueId` / `ProcessUniqueId` on the Device* event tables). Microsoft writes both `bool` and
 * `boolean` in the docs; both are Kusto's `bool` here. The pages' `LogonID` row is left out on purpose: the page
 * itself says the value lives inside AdditionalFields, so it is not a real column.
 *
 * Deliberate additions that are not on the Defender pages:
 * - every Device* table that has `Timestamp` also gets Sentinel's `TimeGenerated` (same value) right after it,
 *   because the same hunting queries are published in a Sentinel flavour.
 * Device* snapshot tables with no documented Timestamp (the TVM inventories and the *KB reference tables) get
 * no time column at all: inventing one would make a query that filters on it bind here and fail in Defender.
 *
 * `sentinelFlavour()` gives the Log Analytics copy of a streamed Device* table (Azure Monitor table reference):
 * JSON columns typed `dynamic` instead of `string`, plus MachineGroup / TenantId / SourceSystem / Type and the
 * billing columns.
 */
export type ColumnType = 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'dynamic' | 'guid';
export interface ColumnSchema {
    readonly name: string;
    readonly type: ColumnType;
    readonly description?: string;
}
export interface TableSchema {
    readonly name: string;
    readonly columns: readonly ColumnSchema[];
    readonly description?: string;
    readonly timeColumn?: string;
}
export declare const MDE_TABLES: readonly TableSchema[];
/** Table names are case-sensitive in Kusto, so the lookup is too. */
export declare function getTable(name: string): TableSchema | undefined;
/** Tables that the Defender XDR connector streams into Log Analytics (schema.md section 7; IdentityInfo is a
 * different, UEBA-built table in Sentinel and is left out). */
export declare const SENTINEL_STREAMED_TABLES: readonly string[];
/**
 * The Sentinel (Log Analytics) copy of a streamed table: same columns (Timestamp is kept so that one schema binds
 * both query flavours), TimeGenerated after Timestamp, the Device* JSON columns as dynamic, plus the Log
 * Analytics columns. Returns the table unchanged when it is not streamed to Sentinel.
 */
export declare function sentinelFlavour(table: TableSchema): TableSchema;
