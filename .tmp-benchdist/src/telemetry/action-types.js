/**
 * ActionType values per Defender table, as data, from ../shared/mde/schema.md section 2.1.
 *
 * Microsoft publishes no ActionType list on learn.microsoft.com (only the in-portal schema reference), so every
 * entry records where it comes from; `evidence: 'empirical'` marks a value seen in queries but in no Microsoft
 * text, which detectors should treat as "may or may not exist in a tenant".
 * Only DeviceNetworkEvents is transcribed: it is the one table whose values schema.md documents.
 */
const INSPECTED = 'The deep packet inspection engine in Microsoft Defender for Endpoint inspected the connection';
const DEVICE_NETWORK_EVENTS = [
    { name: 'ConnectionSuccess', direction: 'outbound', evidence: 'in-portal', source: 'in-portal schema text; ASIM parser: Outbound',
        meaning: 'A network connection was successfully established from the device.' },
    { name: 'ConnectionFailed', direction: 'outbound', evidence: 'in-portal', source: 'in-portal schema text; ASIM parser: Outbound, EventResult=Failure',
        meaning: 'An attempt to establish a network connection from the device failed.' },
    { name: 'ConnectionRequest', direction: 'outbound', evidence: 'in-portal', source: 'in-portal schema text; ASIM parser: Outbound',
        meaning: 'The device initiated a network connection.' },
    { name: 'ConnectionFound', direction: 'unknown', evidence: 'in-portal', source: 'in-portal schema text; ASIM parser: Unknown',
        meaning: 'An active network connection was found on the device.' },
    { name: 'InboundConnectionAccepted', direction: 'inbound', evidence: 'in-portal', source: 'in-portal schema text; ASIM parser: Inbound',
        meaning: 'The device accepted a network connection initiated by another device (handshake completed).' },
    { name: 'ListeningConnectionCreated', direction: 'listen', evidence: 'in-portal', source: 'in-portal schema text; ASIM parser: Listen',
        meaning: 'A process has started listening for connections on a certain port.' },
    { name: 'InboundInternetScanInspected', direction: 'inbound', evidence: 'in-portal', source: 'in-portal schema text; defender-endpoint/internet-facing-devices.md',
        meaning: 'An incoming packet from a Microsoft Defender External Attack Surface Management scan was inspected on the device (Microsoft\'s own external scan; one published query reads Local/Remote the other way round for this type).' },
    { name: 'NetworkSignatureInspected', direction: 'not-applicable', evidence: 'in-portal', source: 'in-portal schema text',
        meaning: 'A packet content was inspected.' },
    { name: 'HttpConnectionInspected', direction: 'not-applicable', evidence: 'in-portal', source: 'in-portal schema text', meaning: `${INSPECTED} (HTTP).` },
    { name: 'SshConnectionInspected', direction: 'not-applicable', evidence: 'in-portal', source: 'in-portal schema text', meaning: `${INSPECTED} (SSH).` },
    { name: 'SmtpConnectionInspected', direction: 'not-applicable', evidence: 'in-portal', source: 'in-portal schema text', meaning: `${INSPECTED} (SMTP).` },
    { name: 'FtpConnectionInspected', direction: 'not-applicable', evidence: 'in-portal', source: 'in-portal schema text', meaning: `${INSPECTED} (FTP).` },
    { name: 'IcmpConnectionInspected', direction: 'not-applicable', evidence: 'in-portal', source: 'in-portal schema text', meaning: `${INSPECTED} (ICMP).` },
    { name: 'SslConnectionInspected', direction: 'not-applicable', evidence: 'community', source: 'community KQL write-ups',
        meaning: `${INSPECTED} (TLS).` },
    { name: 'DnsConnectionInspected', direction: 'not-applicable', evidence: 'community', source: 'community KQL write-ups',
        meaning: `${INSPECTED} (DNS).` },
    { name: 'ConnectionAttempt', direction: 'unknown', evidence: 'docs', source: 'defender-endpoint/device-discovery.md',
        meaning: 'An attempt to establish a TCP connection (SYN), reported by the device-discovery network sensor; AdditionalFields.direction tells In/Out.' },
    { name: 'ConnectionAcknowledged', direction: 'unknown', evidence: 'docs', source: 'defender-endpoint/device-discovery.md',
        meaning: 'An acknowledgment that a TCP connection was accepted (SYN/ACK).' },
    { name: 'ConnectionSuccessAggregatedReport', direction: 'outbound', evidence: 'docs', source: 'defender-endpoint/aggregated-reporting.md',
        meaning: 'Hourly aggregate of established connections per initiating process, local IP, remote IP and remote port; count in AdditionalFields.uniqueEventsAggregated.' },
    { name: 'ConnectionFailedAggregatedReport', direction: 'outbound', evidence: 'docs', source: 'defender-endpoint/aggregated-reporting.md',
        meaning: 'Hourly aggregate of failed connection attempts per initiating process, local IP, remote IP and remote port; count in AdditionalFields.uniqueEventsAggregated.' },
    { name: 'InboundConnectionAttempt', direction: 'inbound', evidence: 'empirical', source: 'seed query and community queries only',
        meaning: 'Apparently an inbound TCP connection attempt seen at the device; not described by Microsoft (confirm Protocol, LocalPort and AdditionalFields in the tenant).' },
].map((a) => Object.freeze(a));
export const ACTION_TYPES = Object.freeze({
    DeviceNetworkEvents: Object.freeze(DEVICE_NETWORK_EVENTS),
});
/** The ActionType values known for a table (empty when none are documented). */
export function actionTypesOf(table) {
    return entries(table).map((a) => a.name);
}
/** The entry for one ActionType of a table. ActionType comparisons in queries are usually `==`, so exact match. */
export function actionTypeInfo(table, actionType) {
    return entries(table).find((a) => a.name === actionType);
}
// hasOwn: a table name such as 'constructor' must not reach Object.prototype.
function entries(table) {
    return Object.hasOwn(ACTION_TYPES, table) ? ACTION_TYPES[table] : [];
}
