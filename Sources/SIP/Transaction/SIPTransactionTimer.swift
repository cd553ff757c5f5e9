/// The timers of a transaction, by their names in RFC 3261 Table 4 (§A). A state machine asks
/// its driver to start and cancel them and is told when one fires; it never reads a clock.
///
/// Timer C belongs to a proxy's TU (§16.6 step 11), not to a transaction, and is absent.
public enum SIPTransactionTimer: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// INVITE request retransmission interval, unreliable transports only (§17.1.1.2).
    case A
    /// INVITE client transaction time-out (§17.1.1.2).
    case B
    /// Wait for retransmitted non-2xx final responses to an INVITE (§17.1.1.2).
    case D
    /// Non-INVITE request retransmission interval, unreliable transports only (§17.1.2.2).
    case E
    /// Non-INVITE client transaction time-out (§17.1.2.2).
    case F
    /// INVITE non-2xx final response retransmission interval, unreliable transports only
    /// (§17.2.1).
    case G
    /// Wait for the ACK of a non-2xx final response (§17.2.1).
    case H
    /// Wait for retransmitted ACKs (§17.2.1).
    case I
    /// Wait for retransmitted non-INVITE requests (§17.2.2).
    case J
    /// Wait for retransmitted responses to a non-INVITE request (§17.1.2.2).
    case K
    /// Wait in Accepted for retransmitted INVITEs and the TU's 2xx retransmissions (RFC 6026
    /// §7.1).
    case L
    /// Wait in Accepted for retransmitted 2xx responses and those of other branches (RFC 6026
    /// §8.4).
    case M
    /// The INVITE server transaction's 200 ms after which it sends 100 Trying itself unless the
    /// TU has answered (§17.2.1: "send 100 if TU won't in 200 ms"); the RFC gives it no letter.
    case trying

    public var description: String { self == .trying ? "100 Trying timer" : "Timer " + rawValue }
}
