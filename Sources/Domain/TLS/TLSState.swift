/// The system's TLS certificate and what the expiry monitor has said about it.
public struct TLSState: Sendable, Hashable, Codable {
    /// `nil` until the first start has generated one.
    public var certificate: TLSCertificate?
    /// The latest expiry step reported for ``certificate``; a newly installed certificate
    /// starts again at `valid`.
    public var reportedExpiry: TLSCertificateExpiry

    public init(certificate: TLSCertificate? = nil, reportedExpiry: TLSCertificateExpiry = .valid) {
        self.certificate = certificate
        self.reportedExpiry = reportedExpiry
    }

    /// The step to report at `at`, when it is later than the one already reported.
    public func expiryToReport(at: Int64) -> TLSCertificateExpiry? {
        guard let certificate else { return nil }
        let expiry = TLSCertificateExpiry.of(notAfter: certificate.notAfter, at: at)
        return expiry > reportedExpiry ? expiry : nil
    }
}
