import Certificates
import Domain
import NIOCore
import NIOSSL
import Synchronization

/// The TLS server configuration of the system's certificate (issue 15, point 1), for the SIP
/// TLS listener: the chain from the state, the key unsealed.
///
/// The configuration follows the state: at each handshake NIOSSL asks (its
/// `sslContextCallback`, on the connection's event loop) whether the installed certificate is
/// still the one the configuration was made with, and the newer one is presented otherwise, so
/// an upload takes effect from the next connection on without closing the listener. The parsed
/// chain and the unsealed key are kept per fingerprint, so while nothing changes a handshake
/// costs one comparison.
final class SystemCertificateTLS: Sendable {
    /// The certificate and key in NIOSSL's form, for one fingerprint.
    struct Material: Sendable {
        var fingerprint: String
        var chain: [NIOSSLCertificateSource]
        var key: NIOSSLPrivateKeySource
    }

    private let current: @Sendable () -> TLSCertificate?
    private let sealing: any SecretSealing
    private let cache = Mutex<Material?>(nil)

    /// - Parameter current: the certificate installed now (the published state's).
    init(current: @escaping @Sendable () -> TLSCertificate?, sealing: any SecretSealing) {
        self.current = current
        self.sealing = sealing
    }

    /// The server configuration for the certificate installed now, following later ones; `nil`
    /// before the first start has made one.
    func serverConfiguration() throws -> TLSConfiguration? {
        guard let certificate = current() else { return nil }
        let base = try material(certificate)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: base.chain, privateKey: base.key)
        configuration.sslContextCallback = { [self] _, promise in
            promise.completeWith(Result { try self.override(since: base.fingerprint) })
        }
        return configuration
    }

    /// A configuration for a listener that must be bound before the first start has made the
    /// system's certificate (the SIP listeners are, so a taken port stops the start having
    /// changed nothing). Its own certificate is a throw-away that no client ever sees: each
    /// handshake presents the installed certificate, or fails while there is none.
    func placeholderConfiguration(at now: Int64) throws -> TLSConfiguration {
        let throwaway = try SystemCertificateAuthority.issue(
            systemID: "placeholder", serverName: SystemCertificateAuthority.defaultServerName, hosts: [], at: now)
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(throwaway.chain.pem.utf8)).map(NIOSSLCertificateSource.certificate)
        let key = try NIOSSLPrivateKey(bytes: Array(throwaway.serverKey.pem.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.sslContextCallback = { [self] _, promise in
            promise.completeWith(
                Result {
                    guard self.current() != nil else { throw NIOSSLError.failedToLoadCertificate }
                    return try self.override(since: "")
                })
        }
        return configuration
    }

    /// The server configuration for `certificate` alone: its chain, its key unsealed.
    static func serverConfiguration(for certificate: TLSCertificate, sealing: any SecretSealing) throws -> TLSConfiguration {
        let material = try Self.material(certificate, sealing: sealing)
        return TLSConfiguration.makeServerConfiguration(certificateChain: material.chain, privateKey: material.key)
    }

    /// What a handshake presents instead of the configuration's own certificate: nothing while
    /// the installed one is still `fingerprint`.
    func override(since fingerprint: String) throws -> NIOSSLContextConfigurationOverride {
        guard let certificate = current(), certificate.fingerprint != fingerprint else { return .noChanges }
        let material = try material(certificate)
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = material.chain
        override.privateKey = material.key
        return override
    }

    private func material(_ certificate: TLSCertificate) throws -> Material {
        if let cached = cache.withLock({ $0 }), cached.fingerprint == certificate.fingerprint { return cached }
        let material = try Self.material(certificate, sealing: sealing)
        cache.withLock { $0 = material }
        return material
    }

    private static func material(_ certificate: TLSCertificate, sealing: any SecretSealing) throws -> Material {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.chain.utf8)).map(NIOSSLCertificateSource.certificate)
        let key = try NIOSSLPrivateKey(bytes: Array(try sealing.open(certificate.privateKey).utf8), format: .pem)
        return Material(fingerprint: certificate.fingerprint, chain: chain, key: .privateKey(key))
    }
}
