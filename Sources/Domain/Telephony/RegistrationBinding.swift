/// One contact registered for an address of record (RFC 3261 §10): what the registrar binds
/// when a terminal registers and removes when the registration expires or is withdrawn.
public struct RegistrationBinding: Sendable, Hashable, Codable {
    /// The address of record, e.g. `sip:101@callplane.local`.
    public var addressOfRecord: String
    /// The Contact URI the calls for it are sent to.
    public var contact: String
    /// When the binding lapses unless refreshed (microseconds since the epoch).
    public var expiresAt: Int64

    public init(addressOfRecord: String, contact: String, expiresAt: Int64) {
        self.addressOfRecord = addressOfRecord
        self.contact = contact
        self.expiresAt = expiresAt
    }
}
