import Certificates
import Crypto
import Foundation
import SwiftASN1
import Testing
@_spi(FixedExpiryValidationTime) import X509

/// The system's own CA and server certificate (issue 15, point 1), checked by swift-certificates'
/// own verifier — the RFC 5280 path rules and the server identity rules a TLS client applies —
/// at explicit instants.
@Suite struct SystemCertificateAuthorityTests {
    /// 2026-01-01T00:00:00Z.
    static let issuedAt: Int64 = 1_767_225_600_000_000
    static let day: Int64 = 86_400_000_000

    static func issue(hosts: [String] = ["pbx.example.com", "192.0.2.10", "0.0.0.0", "::", "127.0.0.1"]) throws -> IssuedCertificates {
        try SystemCertificateAuthority.issue(systemID: "CP-0123456789abcdef01234567", serverName: "Head office", hosts: hosts, at: issuedAt)
    }

    static func date(_ microseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    /// What a TLS client decides: a path to the CA, valid at `at`, naming `host` or `ip`.
    static func verify(_ issued: IssuedCertificates, at: Int64, host: String? = nil, ip: String? = nil) async -> Bool {
        var verifier = Verifier(rootCertificates: CertificateStore([issued.authority])) {
            RFC5280Policy(fixedExpiryValidationTime: date(at))
            ServerIdentityPolicy(serverHostname: host, serverIP: ip)
        }
        if case .validCertificate = await verifier.validate(leaf: issued.server, intermediates: CertificateStore()) { return true }
        return false
    }

    @Test("the server certificate verifies against the CA for every name it carries, and for no other")
    func verifiesForItsNames() async throws {
        let issued = try Self.issue()
        let now = Self.issuedAt
        #expect(await Self.verify(issued, at: now, host: "localhost"))
        #expect(await Self.verify(issued, at: now, host: "pbx.example.com"))
        #expect(await Self.verify(issued, at: now, host: "PBX.example.com"), "DNS names compare without case")
        #expect(await Self.verify(issued, at: now, ip: "127.0.0.1"))
        #expect(await Self.verify(issued, at: now, ip: "::1"))
        #expect(await Self.verify(issued, at: now, ip: "192.0.2.10"))
        #expect(!(await Self.verify(issued, at: now, host: "other.example.com")))
        #expect(!(await Self.verify(issued, at: now, ip: "192.0.2.11")))
        // Another installation's CA does not vouch for it.
        let stranger = try Self.issue()
        var verifier = Verifier(rootCertificates: CertificateStore([stranger.authority])) {
            RFC5280Policy(fixedExpiryValidationTime: Self.date(now))
            ServerIdentityPolicy(serverHostname: "localhost", serverIP: nil)
        }
        guard case .couldNotValidate = await verifier.validate(leaf: issued.server, intermediates: CertificateStore()) else {
            Issue.record("a server certificate verified against a foreign CA")
            return
        }
    }

    @Test("valid from an hour before the issue; the server certificate for 730 days, the CA for 3653")
    func validity() async throws {
        let issued = try Self.issue()
        let hour: Int64 = 3_600_000_000
        #expect(issued.server.notValidBefore == Self.date(Self.issuedAt - hour))
        #expect(issued.server.notValidAfter == Self.date(Self.issuedAt + 730 * Self.day))
        #expect(issued.authority.notValidAfter == Self.date(Self.issuedAt + 3_653 * Self.day))
        #expect(issued.chain.notBefore == Self.issuedAt - hour)
        #expect(issued.chain.notAfter == Self.issuedAt + 730 * Self.day, "the chain ends with its first certificate to expire")
        #expect(await Self.verify(issued, at: Self.issuedAt - hour + 1, host: "localhost"))
        #expect(!(await Self.verify(issued, at: Self.issuedAt - hour - 1_000_000, host: "localhost")))
        #expect(await Self.verify(issued, at: Self.issuedAt + 729 * Self.day, host: "localhost"))
        #expect(!(await Self.verify(issued, at: Self.issuedAt + 731 * Self.day, host: "localhost")))
    }

    @Test("subjectAltName: loopback and the listen hosts once each, wildcards left out")
    func subjectAlternativeNames() throws {
        let chain = try Self.issue().chain
        #expect(chain.subjectAlternativeNames == ["DNS:localhost", "IP:127.0.0.1", "IP:::1", "DNS:pbx.example.com", "IP:192.0.2.10"])
        #expect(try Self.issue(hosts: []).chain.subjectAlternativeNames == ["DNS:localhost", "IP:127.0.0.1", "IP:::1"])
        #expect(try Self.issue(hosts: ["[2001:db8::5]"]).chain.subjectAlternativeNames.last == "IP:2001:db8::5")
    }

    @Test("a host that is neither an address nor a DNS name is refused, naming it")
    func badHost() {
        #expect(
            throws: CertificateRefusal(
                field: "hosts", rule: "\"pbx_1\" is neither an IP address nor a DNS name (letters, digits and hyphens in labels of 1 to 63)")
        ) {
            try Self.issue(hosts: ["pbx_1"])
        }
        #expect(throws: CertificateRefusal.self) { try Self.issue(hosts: ["-pbx.example.com"]) }
        #expect(throws: CertificateRefusal.self) { try Self.issue(hosts: [String(repeating: "a", count: 64) + ".example.com"]) }
    }

    @Test("the CA may sign certificates only; the server certificate is no CA and serves TLS servers and clients")
    func extensions() throws {
        let issued = try Self.issue()
        let authority = issued.authority.extensions
        #expect(try authority.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try authority.keyUsage == KeyUsage(keyCertSign: true, cRLSign: true))
        #expect(issued.authority.subject.description.contains("CN=Callplane CA CP-0123456789abcdef01234567"))
        #expect(issued.authority.subject == issued.authority.issuer)
        let server = issued.server.extensions
        #expect(try server.basicConstraints == .notCertificateAuthority)
        #expect(try server.keyUsage == KeyUsage(digitalSignature: true))
        #expect(try server.extendedKeyUsage == ExtendedKeyUsage([.serverAuth, .clientAuth]))
        #expect(issued.server.issuer == issued.authority.subject)
        #expect(issued.chain.name == "Head office")
        #expect(try SystemCertificateAuthority.issue(systemID: "CP-1", serverName: " ", hosts: [], at: Self.issuedAt).chain.name == "callplane")
        #expect(issued.server.signatureAlgorithm == .ecdsaWithSHA256)
    }

    @Test("the keys belong to their certificates, and each survives PEM")
    func keysMatch() throws {
        let issued = try Self.issue()
        let chain = issued.chain
        try chain.checkKey(issued.serverKey)
        try chain.checkAuthorityKey(issued.authorityKey)
        #expect(throws: CertificateRefusal.self) { try chain.checkKey(issued.authorityKey) }
        #expect(throws: CertificateRefusal.self) { try chain.checkKey(try Self.issue().serverKey) }
        let reread = try CertificateKey(pem: issued.serverKey.pem)
        #expect(reread.privateKey.publicKey == issued.server.publicKey)
        #expect(issued.serverKey.pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test("a chain survives its PEM, in order, and its fingerprint is SHA-256 of the server certificate's DER")
    func pemRoundTrip() throws {
        let issued = try Self.issue()
        let chain = try CertificateChain(pem: "Bag Attributes: ignored\n" + issued.chain.pem)
        #expect(chain.certificates == [issued.server, issued.authority])
        try chain.checkOrder()
        // The DER decoded here from the PEM text itself, not through the chain's serialiser.
        let body = issued.chain.pem.components(separatedBy: "-----END CERTIFICATE-----")[0]
            .replacingOccurrences(of: "-----BEGIN CERTIFICATE-----", with: "").replacingOccurrences(of: "\n", with: "")
        let der = try #require(Data(base64Encoded: body))
        let expected = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
        #expect(chain.fingerprint == expected)
        #expect(chain.authorityPEM == CertificateChainTestPEM.pem(issued.authority))
    }

    @Test("refusals name the member and the rule")
    func refusals() throws {
        let issued = try Self.issue()
        func refusal(_ pem: String) -> CertificateRefusal? {
            do {
                let chain = try CertificateChain(pem: pem)
                try chain.checkOrder()
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal("hello")?.rule.contains("no -----BEGIN CERTIFICATE----- block") == true)
        #expect(refusal(issued.serverKey.pem)?.rule.contains("is a PRIVATE KEY, not a CERTIFICATE") == true)
        #expect(refusal("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")?.rule.contains("certificate 1 is not an X.509 certificate") == true)
        let reversed = CertificateChainTestPEM.pem(issued.authority) + CertificateChainTestPEM.pem(issued.server)
        #expect(refusal(reversed)?.rule.contains("certificate 1 (CN=Callplane CA") == true)
        let nine = String(repeating: CertificateChainTestPEM.pem(issued.server), count: 9)
        #expect(refusal(nine)?.rule == "at most 8 certificates (this has 9)")
        #expect(refusal(String(repeating: " ", count: 65_537))?.rule.hasPrefix("at most 65536 bytes") == true)
        #expect(refusal("x")?.field == "certificateChain")
        #expect(throws: CertificateRefusal.self) {
            try CertificateKey(pem: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
        }
        #expect(throws: CertificateRefusal.self) { try CertificateKey(pem: CertificateChainTestPEM.pem(issued.server)) }
    }

    @Test("a server certificate whose extendedKeyUsage leaves out serverAuth is refused")
    func serverUse() throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("client only") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: Self.date(Self.issuedAt), notValidAfter: Self.date(Self.issuedAt + Self.day), issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: try Certificate.Extensions { try ExtendedKeyUsage([.clientAuth]) },
            issuerPrivateKey: Certificate.PrivateKey(key))
        #expect(throws: CertificateRefusal.self) { try CertificateChain([certificate]).checkServerUse() }
        try Self.issue().chain.checkServerUse()
    }
}

/// A certificate's PEM block as a client of the module writes it.
enum CertificateChainTestPEM {
    static func pem(_ certificate: Certificate) -> String {
        (try! certificate.serializeAsPEM().pemString) + "\n"
    }
}
