/** The streaming scan detectors (issue 4, "Detectors"): what `edgewatch watch` runs over probe events. */
export { StreamDetector, type ShedEvent, type StreamDetectorOptions, type StreamStats } from './stream-detector.js';
export { probeEventFromRow, attemptOutcome, answerOutcome, tcpFlags, normalizeIp, type ProbeEvent, type ProbeOutcome, type ProbeProtocol, type NetworkEventRow } from './probe-event.js';
export { DEFAULT_TRW, TRW_RULE_ID, trwWalk, type TrwOptions, type TrwStats } from './trw.js';
export { DEFAULT_WINDOW, WINDOW_HORIZONTAL_RULE_ID, WINDOW_VERTICAL_RULE_ID, type WindowOptions, type WindowStats } from './distinct-counter.js';
export { DEFAULT_INTERNAL_NETS, NetScope, TECHNIQUES_EXTERNAL, TECHNIQUES_INTERNAL } from './net-scope.js';
export { DEFAULT_SEVERITY, type SeverityOptions } from './scan-alert.js';
