/// Why a provider could not be reached — its name does not resolve, no listener has its address
/// family, the connection or the TLS handshake failed — in words for the trunk's status and the
/// log ("SIP account not available" then says cause 0, provider unobtainable).
public struct TrunkUnreachable: Error, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
