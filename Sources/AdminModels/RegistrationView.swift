/// One live binding of the registrar as the API shows it (`GET /api/v1/registrations`): which
/// terminal of which user is reachable at which contact, from where, and for how long.
public struct RegistrationView: Codable, Sendable, Hashable, JSONWritable {
    /// The terminal's id, `null` for a binding the registrar could not tie to a terminal.
    public var terminal: Int?
    /// The terminal's registration name, or the user part of the address of record.
    public var registrationName: String
    /// The user the terminal belongs to, `null` when it belongs to none.
    public var userNumber: String?
    public var addressOfRecord: String
    /// The Contact URI calls are sent to (RFC 3261 §10.2.1).
    public var contact: String
    /// Where the REGISTER came from, `transport:address:port`.
    public var source: String?
    /// `udp`, `tcp` or `tls`: the part of `source` before its first `:`.
    public var transport: String?
    /// When the binding lapses unless refreshed (RFC 3339).
    public var expiresAt: String
    /// Whole seconds until `expiresAt`, 0 once it has passed.
    public var secondsLeft: Int64

    public init(
        terminal: Int?, registrationName: String, userNumber: String?, addressOfRecord: String, contact: String, source: String?, transport: String?,
        expiresAt: String, secondsLeft: Int64
    ) {
        self.terminal = terminal
        self.registrationName = registrationName
        self.userNumber = userNumber
        self.addressOfRecord = addressOfRecord
        self.contact = contact
        self.source = source
        self.transport = transport
        self.expiresAt = expiresAt
        self.secondsLeft = secondsLeft
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("addressOfRecord", addressOfRecord)
        writer.member("contact", contact)
        writer.member("expiresAt", expiresAt)
        writer.member("registrationName", registrationName)
        writer.member("secondsLeft", secondsLeft)
        writer.member("source", source)
        writer.member("terminal", terminal)
        writer.member("transport", transport)
        writer.member("userNumber", userNumber)
        writer.endObject()
    }
}
