import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL

/// How the admin API is served: HTTPS when a certificate and key are configured, else plain
/// HTTP (the loopback default). With passwords and session tokens on the wire, any address but
/// loopback should get a certificate.
///
/// Either way every connection passes the connection limit first and has the read and idle
/// deadlines after the HTTP decoder (issue 13, point 17), so a slow client can neither keep a
/// descriptor for ever nor crowd out the administrator.
enum AdminTransport {
    static func server(_ settings: ServerSettings) throws -> HTTPServerBuilder {
        let tls = try tlsConfiguration(settings)
        let limit = ConnectionLimit(maximum: settings.httpMaxConnections)
        let timeouts = ConnectionTimeouts(read: .seconds(Int64(settings.httpReadTimeout)), idle: .seconds(Int64(settings.httpIdleTimeout)))
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionDeadlineHandler(timeouts: timeouts)])
        return HTTPServerBuilder { responder in
            let plain = HTTP1Channel(responder: responder, configuration: http1)
            guard let tls else { return ConnectionLimitedChannel(base: plain, limit: limit) }
            return ConnectionLimitedChannel(base: try TLSChannel(plain, tlsConfiguration: tls), limit: limit)
        }
    }

    private static func tlsConfiguration(_ settings: ServerSettings) throws -> TLSConfiguration? {
        guard let certificateFile = settings.tlsCertificateFile, let keyFile = settings.tlsKeyFile else { return nil }
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
        // A connection the server closes (a read or idle timeout) waits this long for the
        // peer's close_notify; a slow client would otherwise keep its descriptor 5 s more
        // (issue 13, point 17).
        configuration.shutdownTimeout = .seconds(1)
        return configuration
    }
}
