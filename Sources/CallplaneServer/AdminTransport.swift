import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// How the admin API is served: HTTPS when a certificate and key are configured, else plain
/// HTTP (the loopback default). With passwords and session tokens on the wire, any address but
/// loopback should get a certificate.
enum AdminTransport {
    static func server(_ settings: ServerSettings) throws -> HTTPServerBuilder {
        guard let certificateFile = settings.tlsCertificateFile, let keyFile = settings.tlsKeyFile else { return .http1() }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ServerSettingsError(setting: ServerSettings.Key.tlsCertificateFile, rule: "could not read the certificate or key: \(error)")
        }
        guard !chain.isEmpty else {
            throw ServerSettingsError(setting: ServerSettings.Key.tlsCertificateFile, rule: "\(certificateFile) holds no certificate")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return try .tls(.http1(), tlsConfiguration: configuration)
    }
}
