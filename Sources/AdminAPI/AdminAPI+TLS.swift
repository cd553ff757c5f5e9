import AdminModels
import Certificates
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// The system's TLS certificate: what the SIP listeners present, and the CA a phone imports
    /// (issue 15, point 1). The private keys stay sealed in the log and are never shown.
    @Sendable func getTLSCertificate(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try tlsCertificateResponse(headers: [:])
    }

    /// Installs an administrator's own certificate chain and key in place of the current one.
    /// `decide` checks it (PEM, order, server use, key, validity) and seals the key; TLS
    /// connections opened afterwards present it.
    @Sendable func putTLSCertificate(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(TLSCertificateUpload.self, from: options.body)
        let outcome = try await execute(.installTLSCertificate(body.draft, at: clock.now()), options)
        return try tlsCertificateResponse(headers: writeHeaders(outcome))
    }

    private func tlsCertificateResponse(headers: HTTPFields) throws -> Response {
        let state = projection.current.state
        guard let certificate = state.tls.certificate else { throw DomainError.notFound("tls_certificate", "(none installed yet)") }
        // `decide` parsed this chain before it was installed; a chain that no longer parses
        // still shows what the state knows of it.
        let chain = try? CertificateChain(pem: certificate.chain)
        let view = TLSCertificateView(
            origin: certificate.origin.rawValue, subject: chain?.subject ?? certificate.name, issuer: chain?.issuer ?? "",
            subjectAlternativeNames: chain?.subjectAlternativeNames ?? [],
            notBefore: RFC3339Timestamp.string(microsecondsSinceEpoch: certificate.notBefore),
            notAfter: RFC3339Timestamp.string(microsecondsSinceEpoch: certificate.notAfter), fingerprint: certificate.fingerprint,
            expiry: TLSCertificateExpiry.of(notAfter: certificate.notAfter, at: clock.now()).rawValue, certificateChain: certificate.chain,
            authorityCertificate: chain?.authorityPEM, version: state.version(ofStream: DomainEvent.tlsStream))
        return entityResponse(.ok, view, version: view.version, headers: headers)
    }
}
