/// What a transaction state machine asks of the driver that owns it, in the order it is
/// returned: the machine holds no clock, no channel and no TU, so every effect of an input — a
/// message to send, one to pass up, a timer to start or cancel, the end of the transaction — is
/// one of these (RFC 3261 §17, Figures 5–8, as corrected by RFC 6026).
public enum SIPTransactionAction: Sendable, Hashable {
    /// Pass the request to the transport: the client transaction's request, its retransmission,
    /// or the ACK of an INVITE's non-2xx final response (§17.1.1.3).
    case sendRequest(SIPRequest)
    /// Pass the response to the transport: the server transaction's response from the TU, its
    /// retransmission, or the 100 Trying it sends on its own (§17.2.1).
    case sendResponse(SIPResponse)
    /// Pass the request to the TU: the request that created a server transaction, or an ACK the
    /// transaction does not absorb (RFC 6026, Figure 7).
    case passRequestToTU(SIPRequest)
    /// Pass the response to the TU (§17.1.1.2, §17.1.2.2).
    case passResponseToTU(SIPResponse)
    /// Start the timer to fire after the duration; a timer of that name already running for the
    /// transaction is replaced.
    case startTimer(SIPTransactionTimer, after: Duration)
    /// Cancel the timer; one that fires anyway is ignored by the state machine.
    case cancelTimer(SIPTransactionTimer)
    /// Tell the TU the transaction timed out: Timer B or F for a client transaction (§17.1.1.2,
    /// §17.1.2.2), Timer H — the ACK never came — for an INVITE server transaction (§17.2.1).
    case informTUOfTimeout
    /// Tell the TU the transport failed to send (§17.1.4, §17.2.4).
    case informTUOfTransportError
    /// The transaction is over: remove it from its table and cancel every timer it still has
    /// (§17.1.1.2: it "MUST be destroyed the instant it enters the Terminated state").
    case terminate
}
