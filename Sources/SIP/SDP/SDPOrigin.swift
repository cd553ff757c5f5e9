/// The `o=` line (RFC 4566 §5.2): who made the description and which version of it this is.
///
/// RFC 3264 §8 makes ``sessionVersion`` the signal of change in a re-offer: it grows by one when
/// anything changed and stays when nothing did. Both numbers are read as UInt64 and refused
/// beyond it, never wrapped.
public struct SDPOrigin: Sendable, Hashable {
    /// The originator's login, or `-` when hosts have none (§5.2); never holds a space.
    public var username: String
    public var sessionID: UInt64
    public var sessionVersion: UInt64
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(
        username: String = "-", sessionID: UInt64, sessionVersion: UInt64, networkType: String = "IN", addressType: String = "IP4",
        address: String
    ) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }
}
