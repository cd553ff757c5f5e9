import NIOCore

/// A handle on one client transaction (RFC 3261 §17.1), returned by
/// ``SIPServerTransactionLayer/send(_:to:events:)``: what the TU keeps to recognise the
/// transaction and to cancel it.
public struct SIPClientTransaction: Sendable {
    public let key: SIPTransactionKey
    /// The request as sent, with the top Via the layer added.
    public let request: SIPRequest
    public let target: SIPTarget
    let layer: SIPServerTransactionLayer

    /// §9.1: sends a CANCEL for this INVITE once a provisional response has arrived — if none
    /// has yet, the CANCEL waits for the first one; if a final response came, nothing is sent.
    /// The CANCEL goes in a transaction of its own to the same target; the 487 that ends the
    /// INVITE arrives through the INVITE's events. Does nothing for another method (§9.1: a
    /// CANCEL of a non-INVITE request achieves nothing) or when called again.
    ///
    /// Safe from any thread: it hops to the layer's loop, after the start of the transaction
    /// when called right after ``SIPServerTransactionLayer/send(_:to:events:)``.
    public func cancel() {
        layer.cancel(key)
    }
}
