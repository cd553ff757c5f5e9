/// What a client transaction reports to the TU that sent its request (RFC 3261 §17.1), on the
/// transaction layer's event loop.
public enum SIPClientTransactionEvent: Sendable {
    /// A provisional or final response, each once: retransmissions are absorbed (§17.1.1.2,
    /// §17.1.2.2) — except a 2xx to an INVITE, which arrives again for every retransmission while
    /// the transaction is in Accepted (RFC 6026 §8.4), so the dialog sends its ACK again
    /// (§13.2.2.4).
    case response(SIPResponse)
    /// No final response before Timer B (INVITE) or Timer F (other methods), or — for a cancelled
    /// INVITE — none within 64·T1 of the CANCEL (§9.1).
    case timedOut
    /// The request could not be sent (§17.1.4): the connection is closed, the write failed, or
    /// the request cannot start a transaction at all (an ACK, or an INVITE without the headers
    /// its ACK copies, ``SIPTransactionError``).
    case transportError
}
