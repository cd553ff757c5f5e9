import Crypto
import Foundation
import SwiftASN1
import X509

/// The system's own certificate authority and the TLS server certificate it signs, made at the
/// first start (issue 15, point 1) so SIP over TLS works before anyone uploads a certificate.
///
/// Its own CA rather than one self-signed server certificate: a phone imports the CA once, and
/// a server certificate issued again later (another address, the two years run out) is trusted
/// without touching the phones, because the CA's key is kept (sealed in the log) to sign it.
/// Both keys are P-256 (ECDSA with SHA-256), which every TLS 1.2 and 1.3 client speaks.
public enum SystemCertificateAuthority {
    static let day: Int64 = 86_400_000_000
    /// Ten years: the CA outlives several server certificates.
    public static let authorityValidity: Int64 = 3_653 * day
    /// Two years: short enough that a forgotten key does not stay good for ever, long enough
    /// that renewals are rare on a PBX.
    public static let serverValidity: Int64 = 730 * day
    /// Validity begins an hour before the issue, so a phone whose clock is a little behind
    /// does not refuse a certificate "not yet valid".
    public static let backdating: Int64 = 3_600_000_000
    /// Names every server certificate carries, so a client on the machine itself can check it.
    public static let loopbackHosts = ["localhost", "127.0.0.1", "::1"]
    /// The common name when the system's name does not fit one (RFC 5280's upper bound,
    /// ub-common-name, is 64 characters).
    public static let defaultServerName = "callplane"

    /// Makes a fresh CA and a server certificate signed by it.
    /// - Parameters:
    ///   - systemID: names the CA (`Callplane CA <system id>`), so two installations' CAs differ.
    ///   - serverName: the server certificate's common name (the system's name).
    ///   - hosts: names and addresses the server is reached at (listen hosts); wildcard
    ///     addresses are left out, the loopback names are always in.
    ///   - now: the issue time in microseconds since the epoch, from the injected clock.
    /// - Throws: ``CertificateRefusal`` (field `hosts`) for a host that is neither an IP address
    ///   nor a DNS name.
    public static func issue(systemID: String, serverName: String, hosts: [String], at now: Int64) throws(CertificateRefusal)
        -> IssuedCertificates
    {
        let names = try subjectAlternativeNames(hosts)
        let authorityKey = P256.Signing.PrivateKey()
        let serverKey = P256.Signing.PrivateKey()
        let authorityPublicKey = Certificate.PublicKey(authorityKey.publicKey)
        let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
        let trimmed = serverName.trimmingCharacters(in: .whitespacesAndNewlines)
        let commonName = trimmed.isEmpty || trimmed.count > 64 ? defaultServerName : trimmed
        let start = CertificateTime.date(now - backdating)
        do {
            let authorityName = try DistinguishedName {
                OrganizationName("Callplane")
                CommonName("Callplane CA \(systemID)")
            }
            let authorityIdentifier = SubjectKeyIdentifier(hash: authorityPublicKey)
            let authority = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: authorityPublicKey,
                notValidBefore: start, notValidAfter: CertificateTime.date(now + authorityValidity),
                issuer: authorityName, subject: authorityName, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    authorityIdentifier
                },
                issuerPrivateKey: Certificate.PrivateKey(authorityKey))
            let server = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
                notValidBefore: start, notValidAfter: CertificateTime.date(now + serverValidity),
                issuer: authorityName,
                subject: try DistinguishedName {
                    OrganizationName("Callplane")
                    CommonName(commonName)
                },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    // clientAuth too: phones will present certificates of this CA for mutual TLS.
                    try ExtendedKeyUsage([.serverAuth, .clientAuth])
                    SubjectAlternativeNames(names)
                    SubjectKeyIdentifier(hash: serverPublicKey)
                    AuthorityKeyIdentifier(keyIdentifier: authorityIdentifier.keyIdentifier)
                },
                issuerPrivateKey: Certificate.PrivateKey(authorityKey))
            return IssuedCertificates(
                authority: authority, authorityKey: CertificateKey(Certificate.PrivateKey(authorityKey)),
                server: server, serverKey: CertificateKey(Certificate.PrivateKey(serverKey)))
        } catch {
            throw CertificateRefusal(field: "certificate", rule: "could not be issued: \(error)")
        }
    }

    /// The loopback names and `hosts`, each once: an IP literal as an iPAddress, anything else
    /// as a dNSName in lower case (RFC 5280 §4.2.1.6). `0.0.0.0`, `::` and `*` stand for "every
    /// address" in a listen setting and name no host, so they are left out.
    static func subjectAlternativeNames(_ hosts: [String]) throws(CertificateRefusal) -> [GeneralName] {
        var seen: Set<String> = []
        var names: [GeneralName] = []
        for host in loopbackHosts + hosts {
            let trimmed = host.trimmingCharacters(in: .whitespaces)
            if let octets = IPAddressText.octets(trimmed) {
                guard octets.contains(where: { $0 != 0 }) else { continue }
                let text = IPAddressText.format(octets) ?? trimmed
                guard seen.insert("IP:" + text).inserted else { continue }
                names.append(.ipAddress(ASN1OctetString(contentBytes: octets[...])))
                continue
            }
            if trimmed.isEmpty || trimmed == "*" { continue }
            let dns = trimmed.lowercased()
            guard isDNSName(dns) else {
                throw CertificateRefusal(
                    field: "hosts", rule: "\"\(host)\" is neither an IP address nor a DNS name (letters, digits and hyphens in labels of 1 to 63)")
            }
            guard seen.insert("DNS:" + dns).inserted else { continue }
            names.append(.dnsName(dns))
        }
        return names
    }

    /// A host name of RFC 1123 §2.1: dot-separated labels of 1 to 63 letters, digits and
    /// hyphens, not beginning or ending with a hyphen, 253 characters at most.
    static func isDNSName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            guard
                label.allSatisfy({
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
                })
            else { return false }
        }
        return true
    }
}
