import Domain

/// A SIP account as the API shows it: everything but its password, which is never returned.
public struct SIPAccountView: Codable, Sendable, Hashable, JSONWritable {
    public var number: Int
    public var provider: Int
    public var user: String
    public var authName: String?
    public var ddis: [String]
    public var channels: Int
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ account: SIPAccount, version: Int64) {
        number = account.number
        provider = account.provider
        user = account.user
        authName = account.authName
        ddis = account.ddis
        channels = account.channels
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("authName", authName)
        writer.member("channels", channels)
        writer.member("ddis", ddis)
        writer.member("number", number)
        writer.member("provider", provider)
        writer.member("user", user)
        writer.member("version", version)
        writer.endObject()
    }
}
