/// The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).
///
/// It sends the request and, on unreliable transports, retransmits it at intervals that double
/// from T1 up to T2 — and stay at T2 once a provisional response arrived — until a final response
/// arrives or Timer F gives up (§17.1.2.2). After the final response it waits for Timer K to
/// absorb retransmissions of it.
public enum SIPNonInviteClientTransaction {
    /// The states of Figure 6.
    public enum State: Sendable, Hashable {
        /// The request was sent; no response yet.
        case trying
        /// A provisional response arrived; the request is still retransmitted, every T2.
        case proceeding
        /// A final response arrived; its retransmissions are absorbed until Timer K.
        case completed
        case terminated
    }
}
