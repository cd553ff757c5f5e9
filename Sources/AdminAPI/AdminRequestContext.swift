import Hummingbird
import NIOCore

/// The request context of the Admin API: Hummingbird's core storage plus the peer address,
/// which becomes the `source` of every event a request records.
public struct AdminRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// `<ip>/http`, the event envelope's `source`.
    public var eventSource: String {
        "\(remoteAddress?.ipAddress ?? "unknown")/http"
    }
}
