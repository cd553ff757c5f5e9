/// The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8).
///
/// It passes the request to the TU, sends the TU's responses, and answers each retransmission of
/// the request with the last response sent — silently in Trying, before there is one — until
/// Timer J has absorbed them all.
public enum SIPNonInviteServerTransaction {
    /// The states of Figure 8.
    public enum State: Sendable, Hashable {
        /// The request is with the TU, which has sent nothing yet.
        case trying
        /// The TU sent a provisional response.
        case proceeding
        /// The TU sent a final response; retransmitted requests get it again until Timer J.
        case completed
        case terminated
    }
}
