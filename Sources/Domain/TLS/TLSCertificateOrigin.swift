/// Where the system's TLS certificate came from (issue 15, point 1).
public enum TLSCertificateOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    /// Made by the system for itself at its first start: its own CA and a server certificate
    /// signed by it.
    case generated
    /// Given by an administrator (`PUT /api/v1/tls/certificate`), e.g. one of the company's CA.
    case uploaded
}
