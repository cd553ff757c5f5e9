/// Why a certificate chain, a private key or the names of a certificate to issue were refused:
/// the member concerned and the rule it breaks, in words an administrator can act on.
///
/// `decide` turns it into a validation `DomainError` with the same field and rule, so an upload
/// through the API, the CLI or a later web admin gets the same answer.
public struct CertificateRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// `certificateChain`, `privateKey`, `authorityKey` or `hosts`.
    public var field: String
    public var rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    public var description: String { "\(field): \(rule)" }

    static func chain(_ rule: String) -> CertificateRefusal { CertificateRefusal(field: "certificateChain", rule: rule) }
    static func key(_ rule: String, field: String = "privateKey") -> CertificateRefusal { CertificateRefusal(field: field, rule: rule) }
}
