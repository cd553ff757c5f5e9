/// The INVITE client transaction (RFC 3261 §17.1.1), with the Accepted state RFC 6026 §8.4 adds
/// to Figure 5.
///
/// It sends the INVITE, retransmits it on unreliable transports until a response arrives (Timer
/// A) or gives up (Timer B), and acknowledges a 300–699 final response itself. A 2xx is the TU's
/// to acknowledge (§13.2.2.4); RFC 6026 keeps the transaction in Accepted for 64·T1 so that the
/// 2xx retransmissions — and the 2xx of other branches a proxy forked to — still match it and
/// reach the TU, where RFC 3261 ended it and let them arrive unmatched.
public enum SIPInviteClientTransaction {
    /// The states of Figure 5 (RFC 6026 §8.4).
    public enum State: Sendable, Hashable {
        /// The INVITE was sent; no response yet.
        case calling
        /// A provisional response arrived.
        case proceeding
        /// A 2xx arrived; later 2xx responses are passed up until Timer M (RFC 6026 §8.4).
        case accepted
        /// A 300–699 arrived and was acknowledged; its retransmissions are acknowledged again
        /// until Timer D.
        case completed
        case terminated
    }
}
