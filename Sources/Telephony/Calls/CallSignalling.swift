import NIOCore
import SIP

/// What the B2BUA needs of the SIP transaction layer: client transactions for the requests it
/// sends, and a way to send what belongs to no transaction (the ACK of a 2xx, §13.2.2.4). A
/// protocol so the call logic can be driven in unit tests without sockets.
public protocol CallSignalling: Sendable {
    /// The loop every transaction-user callback runs on; the B2BUA's tables are bound to it.
    var eventLoop: any EventLoop { get }

    func send(_ request: SIPRequest, to target: SIPTarget, events: @escaping @Sendable (SIPClientTransactionEvent) -> Void) -> SIPClientTransaction

    func sendStateless(_ request: SIPRequest, to target: SIPTarget)
}

extension SIPServerTransactionLayer: CallSignalling {}
