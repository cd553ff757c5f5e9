/// Why a call ended: the `cause` of `call.ended`, what a CDR reader groups calls by. Stored by
/// its raw value; an unknown one is refused on replay rather than read as something else.
public enum CallEndCause: String, Sendable, Hashable, Codable, CaseIterable {
    /// Answered, then ended by a BYE.
    case normal
    /// Every terminal of the callee was busy (486).
    case busy
    /// The caller gave up before an answer (CANCEL).
    case cancelled
    /// Nobody answered in time.
    case noAnswer
    /// The callee has no registered terminal (480).
    case unavailable
    /// The dialled string is no number of the plan (404, 484).
    case unknownNumber
    /// Refused by a rule: permission, capacity, a refused function code (403).
    case refused
    /// The call core could not carry it (a transport or protocol failure).
    case failed
    /// Still open in the log when the server stopped; closed at the next start.
    case restart
}
