import AccessControl
import Hummingbird
import NIOCore

/// The request context of the Admin API: Hummingbird's core storage plus the peer address,
/// which becomes the `source` of every event a request records.
public struct AdminRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The logged-in account, set before the handler of any non-public route runs.
    public var caller: AuthenticatedCaller?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// `<ip>/http`, the event envelope's `source`.
    public var eventSource: String {
        "\(peerAddress)/http"
    }

    public var peerAddress: String { remoteAddress?.ipAddress ?? "unknown" }

    /// The account name for the events a request records.
    public var actor: String { caller?.actor ?? "anonymous" }
}
