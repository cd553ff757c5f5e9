import Certificates
import ControlPlane
import Domain
import EventLog
import Logging

/// Gives an installation its own TLS certificate at its first start (issue 15, point 1): a CA
/// of its own and a server certificate signed by it, so SIP over TLS works before an
/// administrator uploads anything. Installing it raises "TLS certificate was generated …"
/// (Tab. 24, code 149) with the actor `system`.
///
/// Like the system id, the certificate is an event in the log, keys sealed: a restart with one
/// installed does nothing, and a restore brings the same certificate back, so the phones that
/// imported its CA keep trusting it.
enum SystemCertificate {
    /// The names a generated certificate carries besides the loopback ones: the hosts the SIP
    /// listeners and the admin API are bound to (wildcards name no host and are left out).
    static func hosts(_ settings: ServerSettings) -> [String] {
        settings.sipListen.map(\.host) + [settings.httpHost]
    }

    /// Generates and installs the certificate when the state has none.
    ///
    /// - Returns: the certificate in force, for the TLS listener's
    ///   ``SystemCertificateTLS/serverConfiguration()`` before the projection has folded the
    ///   install: the state's own, or the one just generated (its key sealed here, in memory
    ///   only; the log has its own sealing of it).
    @discardableResult
    static func ensure(
        state: SystemState, systemID: String, settings: ServerSettings, pipeline: CommandPipeline, sealing: any SecretSealing,
        clock: any WallClock, logger: Logger
    ) async throws -> TLSCertificate {
        if let installed = state.tls.certificate { return installed }
        let now = clock.now()
        let issued: IssuedCertificates
        do {
            issued = try SystemCertificateAuthority.issue(systemID: systemID, serverName: state.identity.name, hosts: hosts(settings), at: now)
        } catch {
            throw ServerSettingsError(setting: "\(ServerSettings.Key.sipListen), \(ServerSettings.Key.httpHost)", rule: error.rule)
        }
        let chain = issued.chain
        let draft = TLSCertificateDraft(
            origin: .generated, certificateChain: chain.pem, privateKey: issued.serverKey.pem, authorityKey: issued.authorityKey.pem)
        _ = try await pipeline.execute(.installTLSCertificate(draft, at: now), origin: CommandOrigin(actor: "system", source: "first-start"))
        logger.notice(
            "generated the TLS certificate",
            metadata: ["fingerprint": "\(chain.fingerprint)", "subjectAltNames": "\(chain.subjectAlternativeNames.joined(separator: ","))"])
        return TLSCertificate(
            origin: .generated, chain: chain.pem, privateKey: sealing.seal(draft.privateKey), name: chain.name, fingerprint: chain.fingerprint,
            notBefore: chain.notBefore, notAfter: chain.notAfter)
    }
}
