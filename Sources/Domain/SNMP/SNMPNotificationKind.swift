/// How an SNMP destination is told of an event message (RFC 3416 §4.2.6–4.2.7): a trap is sent
/// and forgotten; an inform is answered by the receiver, so the delivery engine knows it
/// arrived and retries it otherwise (manual §6.3.1.3, the retry rules of remote destinations).
public enum SNMPNotificationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case trap
    case inform
}
