import AccessControl
import Hummingbird
import Logging
import NIOCore

/// The request context of the Admin API: Hummingbird's core storage plus the peer address,
/// which becomes the `source` of every event a request records.
public struct AdminRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The logged-in account, set before the handler of any non-public route runs.
    public var caller: AuthenticatedCaller?
    /// Set for a request relayed by the SRM server: it replaces the peer address.
    public let relay: RelayOrigin?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        relay = nil
    }

    /// A request the SRM relay hands the router in-process (``AdminAPI/relayed(_:)``).
    init(relay: RelayOrigin, logger: Logger) {
        coreContext = .init(source: RelaySource(logger: logger))
        remoteAddress = nil
        self.relay = relay
    }

    /// `<ip>/http`, or the relay's source and `/srm`: the event envelope's `source`.
    public var eventSource: String {
        relay.map { $0.source + "/srm" } ?? "\(peerAddress)/http"
    }

    public var peerAddress: String { relay?.source ?? remoteAddress?.ipAddress ?? "unknown" }

    /// The account name for the events a request records; through the SRM relay
    /// `srm:<technician>/<account>`, so the log shows who sat at the SRM server too.
    public var actor: String {
        guard let caller else { return "anonymous" }
        return relay.map { $0.actor + "/" + caller.actor } ?? caller.actor
    }

    private struct RelaySource: RequestContextSource {
        let logger: Logger
    }
}
