/// The causes of "Connection to IP remote management (SRM) failed" (manual Tab. 24, code 12).
public enum SRMConnectionCause: Int, Sendable, Hashable, Codable {
    /// No TLS connection: the server is down, unreachable, or its certificate is not trusted.
    case connectionAttemptFailed = 1
    /// The SRM server refused the system's id or secret.
    case authenticationFailed = 2
    /// The SRM server refused an upload (it does not allow this system's status changes).
    case uploadRejected = 3
}
