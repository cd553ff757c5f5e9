import ArgumentParser
import Foundation

/// The names a generated certificate is made for, taken by `serve` and `ca` alike, since
/// whichever runs first makes it.
struct CertificateOptions: ParsableArguments {
    @Option(name: .customLong("host-name"), help: "A name or address agents reach the server at (repeatable); 127.0.0.1 and localhost are always in.")
    var hostNames: [String] = []
    @Option(help: "The server's name: in the welcome to agents and the certificate's common name (default: the host name).")
    var serverName = ProcessInfo.processInfo.hostName
}
