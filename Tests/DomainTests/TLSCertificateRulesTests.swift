import Certificates
import Domain
import EventLog
import Testing

/// The system's TLS certificate in the log (issue 15, point 1): what `decide` accepts, refuses
/// and raises, at explicit instants.
@Suite("TLS certificate rules")
struct TLSCertificateRulesTests {
    /// 2026-01-01T00:00:00Z.
    static let issuedAt: Int64 = 1_767_225_600_000_000
    static let day: Int64 = 86_400_000_000

    static func issue(at: Int64 = issuedAt) throws -> IssuedCertificates {
        try SystemCertificateAuthority.issue(systemID: "CP-1", serverName: "Head office", hosts: ["pbx.example.com"], at: at)
    }

    static func generated(_ issued: IssuedCertificates) -> TLSCertificateDraft {
        TLSCertificateDraft(origin: .generated, certificateChain: issued.chain.pem, privateKey: issued.serverKey.pem, authorityKey: issued.authorityKey.pem)
    }

    static func uploaded(_ issued: IssuedCertificates, key: String? = nil) -> TLSCertificateDraft {
        TLSCertificateDraft(origin: .uploaded, certificateChain: issued.chain.pem, privateKey: key ?? issued.serverKey.pem)
    }

    @Test("a generated certificate is installed with its keys sealed and raises code 149")
    func generatedIsInstalled() throws {
        let issued = try Self.issue()
        var state = SystemState()
        let events = try run(.installTLSCertificate(Self.generated(issued), at: Self.issuedAt), on: &state)
        #expect(events.map(\.type) == ["tls.certificate.installed", "eventmessage.occurred"])
        guard case .eventMessageOccurred(let message) = events[1] else { return }
        #expect(message.code == 149 && message.type == "tls_certificate_generated" && message.severity == .normal && message.at == Self.issuedAt)
        let certificate = try #require(state.tls.certificate)
        #expect(certificate.origin == .generated)
        #expect(certificate.fingerprint == issued.chain.fingerprint)
        #expect(certificate.notBefore == Self.issuedAt - 3_600_000_000 && certificate.notAfter == Self.issuedAt + 730 * Self.day)
        #expect(certificate.name == "Head office")
        #expect(try CertificateChain(pem: certificate.chain).certificates == [issued.server, issued.authority])
        // Sealed in the log, and opened again by the key outside it.
        #expect(try testSealing.open(certificate.privateKey) == issued.serverKey.pem)
        #expect(try certificate.authorityKey.map(testSealing.open) == issued.authorityKey.pem)
        let payload = events[0].canonicalPayload()
        #expect(!payload.contains("PRIVATE KEY"), "a key in the clear in the log")
        let authorityKey = try #require(certificate.authorityKey)
        #expect(payload.contains(certificate.privateKey.text) && payload.contains(authorityKey.text))
        #expect(state.version(ofStream: "tls") == 1)
        try expectReplay(events, gives: state)
    }

    @Test("an upload replaces it; the same chain again changes nothing")
    func uploadReplaces() throws {
        var state = SystemState()
        try run(.installTLSCertificate(Self.generated(try Self.issue()), at: Self.issuedAt), on: &state)
        let own = try Self.issue()
        let events = try run(.installTLSCertificate(Self.uploaded(own), at: Self.issuedAt + Self.day), on: &state)
        #expect(events.map(\.type) == ["tls.certificate.installed"], "an upload raises no 149")
        #expect(state.tls.certificate?.origin == .uploaded && state.tls.certificate?.fingerprint == own.chain.fingerprint)
        #expect(state.tls.certificate?.authorityKey == nil)
        #expect(try run(.installTLSCertificate(Self.uploaded(own), at: Self.issuedAt + 2 * Self.day), on: &state).isEmpty)
    }

    @Test("refused: an expired or not yet valid chain, a key of another certificate, a chain out of order, stray or missing CA keys")
    func refusals() throws {
        let issued = try Self.issue()
        let state = SystemState()
        func error(_ draft: TLSCertificateDraft, at: Int64 = Self.issuedAt) -> DomainError? {
            refusal(.installTLSCertificate(draft, at: at), in: state)
        }
        let expired = error(Self.uploaded(issued), at: Self.issuedAt + 730 * Self.day)
        #expect(expired?.details["field"] == "certificateChain")
        #expect(expired?.message.contains("expired at 2028-01-01T00:00:00.000000Z (RFC 5280 §4.1.2.5)") == true, "\(String(describing: expired))")
        let early = error(Self.uploaded(issued), at: Self.issuedAt - 2 * 3_600_000_000)
        #expect(early?.message.contains("not valid before 2025-12-31T23:00:00.000000Z") == true, "\(String(describing: early))")
        let mismatched = error(Self.uploaded(issued, key: try Self.issue().serverKey.pem))
        #expect(mismatched?.details["field"] == "privateKey" && mismatched?.message.contains("their public keys differ") == true)
        let reversed = TLSCertificateDraft(
            origin: .uploaded,
            certificateChain: try CertificateChain([issued.authority, issued.server]).pem, privateKey: issued.serverKey.pem)
        #expect(error(reversed)?.message.contains("is not signed by certificate 2") == true)
        var stray = Self.uploaded(issued)
        stray.authorityKey = issued.authorityKey.pem
        #expect(error(stray)?.details["field"] == "authorityKey")
        var missing = Self.generated(issued)
        missing.authorityKey = nil
        #expect(error(missing)?.details["field"] == "authorityKey")
        var wrongAuthority = Self.generated(issued)
        wrongAuthority.authorityKey = issued.serverKey.pem
        #expect(error(wrongAuthority)?.details["field"] == "authorityKey")
        #expect(error(TLSCertificateDraft(origin: .uploaded, certificateChain: "garbage", privateKey: issued.serverKey.pem))?.code == "invalid_field")
        #expect(error(TLSCertificateDraft(origin: .uploaded, certificateChain: issued.chain.pem, privateKey: "garbage"))?.details["field"] == "privateKey")
    }

    @Test("expiry is reported once per step: serious 30 days before, critical at the end, nothing in between or after")
    func expiryOncePerStep() throws {
        var state = SystemState()
        try run(.installTLSCertificate(Self.generated(try Self.issue()), at: Self.issuedAt), on: &state)
        let notAfter = try #require(state.tls.certificate?.notAfter)
        func report(at: Int64) throws -> [EventMessage] {
            try run(.reportTLSCertificateExpiry(at: at), on: &state).compactMap {
                if case .eventMessageOccurred(let message) = $0 { return message }
                return nil
            }
        }
        #expect(try report(at: Self.issuedAt).isEmpty)
        #expect(try report(at: notAfter - 30 * Self.day - 1).isEmpty)
        let soon = try report(at: notAfter - 30 * Self.day)
        #expect(soon.map(\.code) == [146] && soon.first?.severity == .serious)
        #expect(soon.first?.parameters == ["endpointType": "0", "nodeOrCertificate": "1"])
        #expect(state.tls.reportedExpiry == .expiresSoon)
        #expect(try report(at: notAfter - 30 * Self.day + 3_600_000_000).isEmpty)
        #expect(try report(at: notAfter - 1).isEmpty)
        let expired = try report(at: notAfter)
        #expect(expired.map(\.code) == [146] && expired.first?.severity == .critical)
        #expect(try report(at: notAfter + 5 * Self.day).isEmpty)
        // Neither step opens an active message of its own: the type has no partner and no
        // identifying parameter, so the critical one repeats the serious one's entry.
        #expect(state.eventMessages.active.values.filter { $0.type == "tls_certificate_expires_soon" }.map(\.severity) == [.critical])
    }

    @Test("a server down through the warning period reports only that it expired; a new certificate starts again")
    func skipsToExpiredAndRestarts() throws {
        var state = SystemState()
        try run(.installTLSCertificate(Self.generated(try Self.issue()), at: Self.issuedAt), on: &state)
        let late = Self.issuedAt + 800 * Self.day
        let events = try run(.reportTLSCertificateExpiry(at: late), on: &state)
        #expect(events.map(\.type) == ["tls.expiry.reported", "eventmessage.occurred"])
        #expect(state.tls.reportedExpiry == .expired)
        let renewed = try Self.issue(at: late)
        try run(.installTLSCertificate(Self.uploaded(renewed), at: late), on: &state)
        #expect(state.tls.reportedExpiry == .valid)
        #expect(try run(.reportTLSCertificateExpiry(at: late + Self.day), on: &state).isEmpty)
        let soon = try run(.reportTLSCertificateExpiry(at: late + 700 * Self.day), on: &state)
        guard case .eventMessageOccurred(let message) = soon.last else {
            Issue.record("no event message for the new certificate")
            return
        }
        #expect(message.severity == .serious && message.parameters == ["endpointType": "1", "nodeOrCertificate": "Head office"])
    }

    @Test("a report for a certificate no longer installed changes nothing")
    func staleReport() throws {
        var state = SystemState()
        try run(.installTLSCertificate(Self.generated(try Self.issue()), at: Self.issuedAt), on: &state)
        state.apply(.tlsCertificateExpiryReported(fingerprint: "00:11", expiry: .expired))
        #expect(state.tls.reportedExpiry == .valid)
        #expect(state.version(ofStream: "tls") == 2)
    }

    @Test("the monitor's next look: the warning's start, then the end, then none")
    func nextChange() {
        let notAfter = Self.issuedAt + 100 * Self.day
        #expect(TLSCertificateExpiry.nextChange(notAfter: notAfter, after: Self.issuedAt) == notAfter - 30 * Self.day)
        #expect(TLSCertificateExpiry.nextChange(notAfter: notAfter, after: notAfter - 30 * Self.day) == notAfter)
        #expect(TLSCertificateExpiry.nextChange(notAfter: notAfter, after: notAfter) == nil)
        #expect(TLSCertificateExpiry.of(notAfter: Int64.min + 5, at: 0) == .expired, "no wrap near the range's end")
    }
}
