/// The INVITE server transaction (RFC 3261 §17.2.1), with the Accepted state RFC 6026 §7.1 adds
/// to Figure 7.
///
/// It passes the INVITE to the TU, sends 100 Trying itself when the TU has not answered within
/// 200 ms, answers retransmitted INVITEs with the last response, retransmits a 300–699 final
/// response on unreliable transports until the ACK arrives (Timer G) or gives up (Timer H), and
/// absorbs the ACK's retransmissions (Timer I). A 2xx is the TU's to retransmit (§13.3.1.4);
/// RFC 6026 keeps the transaction in Accepted for 64·T1 so that retransmitted INVITEs are
/// absorbed instead of looking like new requests, where RFC 3261 ended it at once.
public enum SIPInviteServerTransaction {
    /// The states of Figure 7 as RFC 6026 redraws it.
    public enum State: Sendable, Hashable {
        /// The INVITE is with the TU; provisional responses go out as it sends them.
        case proceeding
        /// A 2xx was sent; the TU's 2xx retransmissions go out and retransmitted INVITEs are
        /// absorbed until Timer L (RFC 6026 §7.1).
        case accepted
        /// A 300–699 was sent and is retransmitted until its ACK arrives.
        case completed
        /// The ACK arrived; its retransmissions are absorbed until Timer I.
        case confirmed
        case terminated
    }
}
