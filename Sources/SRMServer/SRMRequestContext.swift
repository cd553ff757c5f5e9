import Hummingbird
import NIOCore

/// The request context of the SRM server's page and API: Hummingbird's, plus the peer's address,
/// which failed logins are throttled by.
public struct SRMRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The address without its port: one client's logins count together.
    var source: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
