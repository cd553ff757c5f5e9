import NIOCore

/// A handle on one server transaction, given to the TU with the request that created it: the
/// only way the TU answers (§17.2: the TU passes its responses to the transaction, which sends
/// and retransmits them).
public struct SIPServerTransaction: Sendable {
    public let key: SIPTransactionKey
    public let request: SIPRequest
    public let peer: SIPPeer
    let layer: SIPServerTransactionLayer

    /// Sends `response` through the transaction. Safe from any thread: it hops to the layer's
    /// loop. A response the transaction's state does not allow (a second final one) is dropped
    /// and logged by the layer, never sent.
    public func respond(_ response: SIPResponse) {
        layer.respond(response, in: key)
    }

    /// Whether it was cancelled by a CANCEL the layer matched to it (§9.2).
    public var method: SIPMethod { request.method }
}

extension SIPServerTransaction {
    /// For a CANCEL: the INVITE transaction it cancels, if it is still there (§9.2).
    public func cancelledInvite() -> SIPServerTransaction? {
        layer.inviteTransaction(cancelledBy: request)
    }

    /// Whether this INVITE transaction still awaits its final response, so a CANCEL ends it
    /// with 487 (§9.2).
    public var isProceeding: Bool { layer.isProceeding(self) }
}
