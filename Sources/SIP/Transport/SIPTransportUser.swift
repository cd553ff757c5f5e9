/// What receives the messages the transports read: the transaction layer, or a stateless element
/// in front of it (RFC 3261 §17.1.3 and §17.2.3 say which it goes to).
///
/// Called on the event loop of the channel the message arrived on, once per message, in the order
/// they arrived on that channel; it must not block. Requests arrive with their top Via already
/// stamped with `received` and `rport` (§18.2.1, RFC 3581 §4).
public protocol SIPTransportUser: Sendable {
    /// Asked first, for every datagram or framed message: `false` and the transport does nothing
    /// with it — no 400, no answer of any kind — as a blocked source must get nothing.
    func admits(_ peer: SIPPeer) -> Bool

    func received(_ message: SIPMessage, from peer: SIPPeer)

    /// A message that broke a rule and was answered 400 or dropped: for counters and the DoS
    /// protection's "modified message" cause.
    func refused(_ error: SIPParseError, from peer: SIPPeer)
}

extension SIPTransportUser {
    public func admits(_ peer: SIPPeer) -> Bool { true }

    public func refused(_ error: SIPParseError, from peer: SIPPeer) {}
}
