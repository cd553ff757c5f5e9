import Certificates

extension SystemState {
    /// Sets the SRM connection (manual §5.2). The rules beyond each field's form:
    ///
    /// - The server is named, not addressed: the agent sends the name in TLS's server name
    ///   indication, which cannot carry an address, and checks it against the certificate.
    /// - The secret is required the first time; absent keeps the stored one, and the same text
    ///   given again changes nothing (it is compared opened, as sealing twice gives other bytes).
    /// - A trusted certificate must be one or more PEM certificates: the agent refuses any SRM
    ///   server whose certificate does not chain to them, so a typo would only show as cause 1
    ///   at the next connection attempt.
    /// - Switching the connection off keeps the server and secret, so switching it on again
    ///   needs nothing retyped.
    func decideSetSRMSettings(_ draft: SRMSettingsDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        try DomainRules.hostName(draft.host, field: "host")
        // A top-level label is never all digits (RFC 3696 §2), so such a name is an IPv4 literal.
        let isAddress = draft.host.hasPrefix("[") || draft.host.split(separator: ".").last?.allSatisfy(\.isNumber) == true
        guard !isAddress else {
            throw .invalid(
                field: "host",
                rule: "a host name on the SRM server's certificate, not an IP address: TLS sends it as the server name (RFC 6066 §3 allows no address)")
        }
        let port = draft.port ?? SRMSettings.defaultPort
        guard CapacityLimit.port.range.contains(port) else { throw .outOfRange(.port, field: "port", value: port) }
        let secret: SealedSecret
        switch (draft.secret, srm?.secret) {
        case let (text?, stored):
            guard CapacityLimit.srmSecretLength.range.contains(text.utf8.count) else {
                throw .outOfRange(.srmSecretLength, field: "secret", value: text.utf8.count)
            }
            guard text.utf8.allSatisfy({ $0 > 0x20 && $0 <= 0x7E }) else {
                throw .invalid(field: "secret", rule: "printable ASCII without spaces, as the SRM server issued it")
            }
            secret = Self.resealed(text, stored: stored, sealing: sealing)
        case let (nil, stored?):
            secret = stored
        case (nil, nil):
            throw .invalid(field: "secret", rule: "required the first time (callplane-srm system add prints it); absent keeps the stored one")
        }
        if let pem = draft.trustedCertificate {
            do throws(CertificateRefusal) {
                _ = try CertificateChain(pem: pem)
            } catch {
                throw .invalid(field: "trustedCertificate", rule: "one or more PEM certificates (callplane-srm ca prints its CA): \(error.rule)")
            }
        }
        let settings = SRMSettings(enabled: draft.enabled, host: draft.host, port: port, secret: secret, trustedCertificate: draft.trustedCertificate)
        guard settings != srm else { return [] }
        return [.srmSettingsSet(settings)]
    }
}
