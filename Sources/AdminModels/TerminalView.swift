/// A SIP terminal as the API shows it (`GET /api/v1/terminals/{id}`, one row of the list): the
/// password never, only whether one is set.
public struct TerminalView: Codable, Sendable, Hashable, JSONWritable {
    public var id: Int
    /// `system_sip` or `standard_sip`.
    public var kind: String
    public var registrationName: String
    public var passwordSet: Bool
    public var userNumber: String?
    public var macAddress: String?
    /// `off`, `preferred` or `mandatory`.
    public var srtp: String
    /// The terminal's stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(
        id: Int, kind: String, registrationName: String, passwordSet: Bool, userNumber: String?, macAddress: String?, srtp: String = "preferred",
        version: Int64
    ) {
        self.srtp = srtp
        self.id = id
        self.kind = kind
        self.registrationName = registrationName
        self.passwordSet = passwordSet
        self.userNumber = userNumber
        self.macAddress = macAddress
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.integer(Int64(id))
        writer.key("kind")
        writer.string(kind)
        writer.key("macAddress")
        writer.string(macAddress)
        writer.key("passwordSet")
        writer.bool(passwordSet)
        writer.key("registrationName")
        writer.string(registrationName)
        writer.key("srtp")
        writer.string(srtp)
        writer.key("userNumber")
        writer.string(userNumber)
        writer.key("version")
        writer.integer(version)
        writer.endObject()
    }
}
