/// Why the SRM server refused an agent's hello. The agent maps it onto the causes of the event
/// message "Connection to IP remote management (SRM) failed" (manual Tab. 24): an unknown system
/// and a wrong secret are both cause 2, authentication failed.
public struct SRMRefusal: Sendable, Hashable, Codable, Error {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The system id is not on the SRM server's allow-list.
        case unknownSystem = "unknown_system"
        /// The secret does not match the one issued for the system.
        case wrongSecret = "wrong_secret"
        /// The hello was malformed or of a protocol version the server does not speak.
        case protocolMismatch = "protocol"
    }

    public var reason: Reason
    /// A sentence for the log and the event message's parameters.
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }
}
