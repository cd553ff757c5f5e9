/// The transaction user (RFC 3261 §17: "the layer above the transaction layer"): what the
/// ``SIPServerTransactionLayer`` hands each new request to, with the transaction to answer it in.
///
/// Called on the layer's event loop; it must not block. Retransmissions never reach it: the
/// transactions absorb them (§17.2.1, §17.2.2).
public protocol SIPTransactionUser: Sendable {
    /// Asked first for every message, as ``SIPTransportUser/admits(_:)`` is.
    func admits(_ peer: SIPPeer) -> Bool

    /// A request that created a server transaction: answer it through `transaction`, at once or
    /// later (a provisional response first for what takes time).
    func received(_ request: SIPRequest, in transaction: SIPServerTransaction)

    /// An ACK no transaction absorbed: the ACK of a 2xx, which belongs to the dialog
    /// (§13.2.2.4, RFC 6026 §7.1), or a stray one.
    func receivedACK(_ ack: SIPRequest, from peer: SIPPeer)

    /// A response to a request this side sent (client transactions come with the calls).
    func received(_ response: SIPResponse, from peer: SIPPeer)

    /// A message that broke a rule and was answered 400 or dropped.
    func refused(_ error: SIPParseError, from peer: SIPPeer)

    /// An INVITE transaction's final non-2xx response was never acknowledged (Timer H, §17.2.1).
    func acknowledgementTimedOut(_ transaction: SIPServerTransaction)
}

extension SIPTransactionUser {
    public func admits(_ peer: SIPPeer) -> Bool { true }
    public func receivedACK(_ ack: SIPRequest, from peer: SIPPeer) {}
    public func received(_ response: SIPResponse, from peer: SIPPeer) {}
    public func refused(_ error: SIPParseError, from peer: SIPPeer) {}
    public func acknowledgementTimedOut(_ transaction: SIPServerTransaction) {}
}
