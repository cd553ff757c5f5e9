import ArgumentParser
import SRMServer

/// `callplane-srm ca`: the CA certificate a Callplane server's SRM settings trust. Makes the
/// CA and server certificate when `serve` has not yet, with the same name options.
struct CACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ca", abstract: "Print the SRM server's CA certificate (PEM) for the systems to trust.")
    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var names: CertificateOptions

    func run() async throws {
        let certificate = try data.directory.ownCertificate(serverName: names.serverName, hostNames: names.hostNames)
        guard let authority = certificate.authorityPEM else {
            throw SRMServerError("\(data.path) holds a server certificate but no ca.pem")
        }
        print(authority, terminator: "")
    }
}
