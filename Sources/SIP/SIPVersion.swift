/// The protocol version of a start line. RFC 3261 §7.1: only `SIP/2.0` is spoken; a request in
/// another version is answered 505 (RFC 3261 §8.2.2.1, RFC 4475 §3.1.2.16), so the parser keeps
/// the version it read instead of refusing it.
public struct SIPVersion: Hashable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let sip2 = SIPVersion(major: 2, minor: 0)

    public var description: String { "SIP/\(major).\(minor)" }
}
