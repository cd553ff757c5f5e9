/// The `c=` line (RFC 4566 §5.7): where media is sent, at session level or per media
/// description, the latter overriding the former.
///
/// The multicast suffix (`/ttl` for IP4, `/count` for IP6, §5.7) is kept as text after the first
/// slash: a unicast PBX relays it, it does not act on it.
public struct SDPConnection: Sendable, Hashable {
    public var networkType: String
    public var addressType: String
    public var address: String
    /// What followed the first `/` in the address, e.g. `127` or `127/3`.
    public var multicast: String?

    public init(networkType: String = "IN", addressType: String = "IP4", address: String, multicast: String? = nil) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
        self.multicast = multicast
    }

    /// RFC 3264 §8.4 notes that RFC 2543 put a stream on hold with `c=0.0.0.0`; peers still send
    /// it, so hold detection honours it.
    public var isLegacyHold: Bool { addressType == "IP4" && address == "0.0.0.0" }
}
