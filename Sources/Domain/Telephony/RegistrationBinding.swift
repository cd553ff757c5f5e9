/// One contact registered for an address of record (RFC 3261 §10): what the registrar binds
/// when a terminal registers and removes when the registration expires or is withdrawn.
public struct RegistrationBinding: Sendable, Hashable, Codable {
    /// The address of record, e.g. `sip:101@callplane.local`.
    public var addressOfRecord: String
    /// The Contact URI the calls for it are sent to.
    public var contact: String
    /// When the binding lapses unless refreshed (microseconds since the epoch).
    public var expiresAt: Int64
    /// The terminal that registered it (its id), when the registrar knows it.
    public var terminal: Int?
    /// Where the REGISTER came from, `transport:address:port` (e.g. `udp:192.0.2.7:40000`): the way
    /// back to a phone behind NAT (RFC 3581), which its Contact does not tell.
    public var source: String?

    public init(addressOfRecord: String, contact: String, expiresAt: Int64, terminal: Int? = nil, source: String? = nil) {
        self.addressOfRecord = addressOfRecord
        self.contact = contact
        self.expiresAt = expiresAt
        self.terminal = terminal
        self.source = source
    }
}
