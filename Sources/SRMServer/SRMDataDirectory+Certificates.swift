import Certificates
import Foundation

/// The SRM server's own CA and server certificate (issue 19, point 4), made with the same
/// `SystemCertificateAuthority` that gives a Callplane server its own: an agent trusts the CA
/// (`callplane-srm ca`), not a certificate bought for the office's name.
extension SRMDataDirectory {
    static let authorityFile = "ca.pem"
    static let authorityKeyFile = "ca-key.pem"
    static let chainFile = "server.pem"
    static let keyFile = "server-key.pem"

    /// The kept certificate, issued at the first call. It is made once: host names given later
    /// are not added, since a new issue makes a new CA every agent would have to trust again —
    /// remove the four files (or give `--certificate`) for that.
    public func ownCertificate(serverName: String, hostNames: [String], now: Date = Date()) throws(SRMServerError) -> ServerCertificate {
        if let chain = try readText(Self.chainFile), let key = try readText(Self.keyFile) {
            return ServerCertificate(chainPEM: chain, keyPEM: key, authorityPEM: try readText(Self.authorityFile))
        }
        let issued: IssuedCertificates
        do {
            issued = try SystemCertificateAuthority.issue(
                systemID: "SRM \(serverName)", serverName: serverName, hosts: hostNames, at: Int64(now.timeIntervalSince1970 * 1_000_000))
        } catch {
            throw SRMServerError("cannot issue the SRM server's certificate: \(error)")
        }
        let authority: String
        do {
            authority = try CertificateChain([issued.authority]).pem
        } catch {
            throw SRMServerError("cannot write the SRM server's CA: \(error)")
        }
        try writeAtomically(Array(issued.authorityKey.pem.utf8), to: Self.authorityKeyFile)
        try writeAtomically(Array(authority.utf8), to: Self.authorityFile)
        try writeAtomically(Array(issued.serverKey.pem.utf8), to: Self.keyFile)
        // The chain last: its presence is what says the material is complete.
        try writeAtomically(Array(issued.chain.pem.utf8), to: Self.chainFile)
        return ServerCertificate(chainPEM: issued.chain.pem, keyPEM: issued.serverKey.pem, authorityPEM: authority)
    }
}
