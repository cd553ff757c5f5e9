import NIOCore

/// Where one side receives one stream, as its session description says.
public struct RelayTarget: Sendable, Hashable {
    public var rtp: SocketAddress
    /// `nil` when the RTCP port would be past 65,535.
    public var rtcp: SocketAddress?

    public init(rtp: SocketAddress, rtcp: SocketAddress?) {
        self.rtp = rtp
        self.rtcp = rtcp
    }
}
