import NIOCore
import SIP

/// What the B2BUA needs of the SIP transaction layer: client transactions for the requests it
/// sends, a way to send what belongs to no transaction (the ACK of a 2xx, §13.2.2.4), and its
/// timers. A protocol so the call logic can be driven in unit tests without sockets.
public protocol CallSignalling: Sendable {
    /// The loop every transaction-user callback runs on; the B2BUA's tables are bound to it.
    var eventLoop: any EventLoop { get }

    func send(_ request: SIPRequest, to target: SIPTarget, events: @escaping @Sendable (SIPClientTransactionEvent) -> Void) -> SIPClientTransaction

    func sendStateless(_ request: SIPRequest, to target: SIPTarget)

    /// Runs `fire` on ``eventLoop`` after `delay`, with the transaction layer's timers (many
    /// thousands wait under load, which SwiftNIO's own scheduled tasks handle badly). Not
    /// cancellable: `fire` checks whether it is still wanted.
    func schedule(in delay: TimeAmount, _ fire: @escaping @Sendable () -> Void)
}

extension SIPServerTransactionLayer: CallSignalling {}
