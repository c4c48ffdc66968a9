/**
 * ActionType values per Defender table, as data, from ../shared/mde/schema.md section 2.1.
 *
 * Microsoft publishes no ActionType list on learn.microsoft.com (only the in-portal schema reference), so every
 * entry records where it comes from; `evidence: 'empirical'` marks a value seen in queries but in no Microsoft
 * text, which detectors should treat as "may or may not exist in a tenant".
 * Only DeviceNetworkEvents is transcribed: it is the one table whose values schema.md documents.
 */
/** Which side opened the connection, seen from the MDE device (Local* = the device, Remote* = the peer). */
export type ConnectionDirection = 'outbound' | 'inbound' | 'listen' | 'unknown' | 'not-applicable';
export type ActionTypeEvidence = 'in-portal' | 'docs' | 'community' | 'empirical';
export interface ActionTypeInfo {
    readonly name: string;
    readonly direction: ConnectionDirection;
    readonly meaning: string;
    readonly evidence: ActionTypeEvidence;
    readonly source: string;
}
export declare const ACTION_TYPES: Readonly<Record<string, readonly ActionTypeInfo[]>>;
/** The ActionType values known for a table (empty when none are documented). */
export declare function actionTypesOf(table: string): readonly string[];
/** The entry for one ActionType of a table. ActionType comparisons in queries are usually `==`, so exact match. */
export declare function actionTypeInfo(table: string, actionType: string): ActionTypeInfo | undefined;
