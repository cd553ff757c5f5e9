import Crypto
import Foundation
import SwiftASN1
import X509

/// The certificate chain a TLS server presents: its own certificate first, then each
/// certificate that certified the one before it (RFC 8446 §4.4.2: "The sender's certificate
/// MUST come in the first CertificateEntry … Each following certificate SHOULD directly
/// certify the one immediately preceding it"; RFC 5246 §7.4.2 says the same for TLS 1.2).
///
/// Parsing is bounded (bytes and certificates) and every failure is a ``CertificateRefusal``
/// that says which certificate broke which rule, so an upload can be refused with a reason.
public struct CertificateChain: Sendable, Hashable {
    /// The server's certificate first.
    public let certificates: [Certificate]
    /// The latest `notBefore` of the chain, microseconds since the epoch: before it some
    /// certificate of the chain is not valid yet.
    public let notBefore: Int64
    /// The earliest `notAfter` of the chain: from then on a client that checks the whole path
    /// (RFC 5280 §6.1.3 (a)(2)) refuses it, whichever certificate ran out.
    public let notAfter: Int64

    /// A server certificate with a few intermediates is a few kilobytes; 64 KiB leaves room and
    /// keeps one request from putting megabytes into the log.
    public static let maximumPEMLength = 65_536
    /// More than any public hierarchy uses (root, two intermediates, the server).
    public static let maximumCertificates = 8

    public init(pem: String) throws(CertificateRefusal) {
        guard pem.utf8.count <= Self.maximumPEMLength else {
            throw .chain("at most \(Self.maximumPEMLength) bytes of PEM (this is \(pem.utf8.count))")
        }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem)
        } catch {
            throw .chain("is not PEM (RFC 7468): \(error)")
        }
        guard !documents.isEmpty else { throw .chain("holds no -----BEGIN CERTIFICATE----- block (RFC 7468 §5)") }
        guard documents.count <= Self.maximumCertificates else {
            throw .chain("at most \(Self.maximumCertificates) certificates (this has \(documents.count))")
        }
        var certificates: [Certificate] = []
        for (index, document) in documents.enumerated() {
            guard document.discriminator == "CERTIFICATE" else {
                throw .chain("block \(index + 1) is a \(document.discriminator), not a CERTIFICATE (a private key goes into privateKey)")
            }
            do {
                certificates.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw .chain("certificate \(index + 1) is not an X.509 certificate (RFC 5280 §4.1): \(error)")
            }
        }
        try self.init(certificates)
    }

    public init(_ certificates: [Certificate]) throws(CertificateRefusal) {
        guard let first = certificates.first else { throw .chain("holds no certificate") }
        var notBefore = try CertificateTime.microseconds(first.notValidBefore, field: "certificateChain")
        var notAfter = try CertificateTime.microseconds(first.notValidAfter, field: "certificateChain")
        for certificate in certificates.dropFirst() {
            notBefore = max(notBefore, try CertificateTime.microseconds(certificate.notValidBefore, field: "certificateChain"))
            notAfter = min(notAfter, try CertificateTime.microseconds(certificate.notValidAfter, field: "certificateChain"))
        }
        self.certificates = certificates
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// The server's own certificate.
    public var leaf: Certificate { certificates[0] }

    /// The chain as PEM blocks in its order, as written from the parsed certificates: text
    /// around the blocks (comments, `Bag Attributes` of a PKCS #12 export) is not kept.
    public var pem: String {
        certificates.map(Self.pem).joined()
    }

    /// The top of the chain, the CA certificate a phone imports to trust the server, when the
    /// chain names one (more than the server's certificate alone).
    public var authorityPEM: String? {
        certificates.count > 1 ? certificates.last.map(Self.pem) : nil
    }

    /// SHA-256 over the server certificate's DER bytes, as colon-separated upper-case hex pairs:
    /// the form `openssl x509 -fingerprint -sha256` and phones' menus show.
    public var fingerprint: String {
        Self.fingerprint(of: leaf)
    }

    /// The server certificate's subject, RFC 4514 form (`CN=callplane,O=…`).
    public var subject: String { leaf.subject.description }

    /// The server certificate's issuer, RFC 4514 form.
    public var issuer: String { leaf.issuer.description }

    /// The server certificate's common name, or its whole subject when it has none.
    public var name: String {
        for relativeName in leaf.subject {
            for attribute in relativeName where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return subject
    }

    /// The server certificate's subjectAltName entries (RFC 5280 §4.2.1.6), as `DNS:<name>`,
    /// `IP:<address>`, `URI:<uri>` or `email:<address>`.
    public var subjectAlternativeNames: [String] {
        guard let names = try? leaf.extensions.subjectAlternativeNames else { return [] }
        return names.map(Self.describe)
    }

    /// Each certificate must be signed by the next, so a client that trusts the last one (or
    /// its issuer) can build the path (RFC 8446 §4.4.2).
    public func checkOrder() throws(CertificateRefusal) {
        for index in certificates.indices.dropLast() {
            let certificate = certificates[index]
            let issuer = certificates[index + 1]
            guard issuer.publicKey.isValidSignature(certificate.signature, for: certificate) else {
                throw .chain(
                    "certificate \(index + 1) (\(certificate.subject)) is not signed by certificate \(index + 2) (\(issuer.subject)): "
                        + "the chain runs from the server's certificate to its CA, each certified by the next (RFC 8446 §4.4.2)")
            }
        }
    }

    /// The server certificate must allow a TLS server's use: an extendedKeyUsage, when present,
    /// names serverAuth (RFC 5280 §4.2.1.12), and a keyUsage, when present, digitalSignature,
    /// which every TLS 1.3 handshake signs with (RFC 8446 §4.4.3).
    public func checkServerUse() throws(CertificateRefusal) {
        let extensions = leaf.extensions
        let usages: ExtendedKeyUsage?
        let keyUsage: KeyUsage?
        do {
            usages = try extensions.extendedKeyUsage
            keyUsage = try extensions.keyUsage
        } catch {
            throw .chain("the server certificate's key usage extensions cannot be read: \(error)")
        }
        if let usages, !usages.contains(.serverAuth), !usages.contains(.any) {
            throw .chain("the server certificate's extendedKeyUsage does not include serverAuth (RFC 5280 §4.2.1.12)")
        }
        if let keyUsage, !keyUsage.digitalSignature {
            throw .chain("the server certificate's keyUsage lacks digitalSignature, which TLS 1.3 signs the handshake with (RFC 8446 §4.4.3)")
        }
    }

    /// The private key must be the server certificate's: the public key it derives is the one
    /// the certificate certifies.
    public func checkKey(_ key: CertificateKey, field: String = "privateKey") throws(CertificateRefusal) {
        guard key.privateKey.publicKey == leaf.publicKey else {
            throw .key("does not belong to the chain's first certificate (\(subject)): their public keys differ", field: field)
        }
    }

    /// The key of the chain's last certificate, for a chain whose CA key is kept as well.
    public func checkAuthorityKey(_ key: CertificateKey, field: String = "authorityKey") throws(CertificateRefusal) {
        guard let authority = certificates.last, key.privateKey.publicKey == authority.publicKey else {
            throw .key("does not belong to the chain's last certificate: their public keys differ", field: field)
        }
    }

    static func pem(_ certificate: Certificate) -> String {
        do {
            return try certificate.serializeAsPEM().pemString + "\n"
        } catch {
            // A parsed or freshly signed certificate always serialises: its DER is kept.
            preconditionFailure("a parsed certificate did not serialise: \(error)")
        }
    }

    static func fingerprint(of certificate: Certificate) -> String {
        var serializer = DER.Serializer()
        do {
            try serializer.serialize(certificate)
        } catch {
            preconditionFailure("a parsed certificate did not serialise: \(error)")
        }
        return SHA256.hash(data: serializer.serializedBytes).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    static func describe(_ name: GeneralName) -> String {
        switch name {
        case .dnsName(let dns): return "DNS:" + dns
        case .ipAddress(let octets): return "IP:" + (IPAddressText.format(Array(octets.bytes)) ?? "?")
        case .uniformResourceIdentifier(let uri): return "URI:" + uri
        case .rfc822Name(let mail): return "email:" + mail
        default: return String(describing: name)
        }
    }
}
