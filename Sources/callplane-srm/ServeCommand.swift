import ArgumentParser
import Foundation
import Logging
import SRMServer

/// `callplane-srm serve`: runs until SIGTERM or SIGINT, then shuts down gracefully. Logs go to
/// standard error; standard output gets one line, `listening on https://ADDRESS:PORT`, once
/// the port is bound.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the SRM server: agents, page and API on one TLS port.")
    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var names: CertificateOptions
    @Option(help: "The address to listen on.") var address = "127.0.0.1"
    @Option(help: "The TLS port; 0 lets the system choose (see the listening line).") var port = 4443
    @Option(help: "A PEM certificate chain (server certificate first) to present instead of the generated one.") var certificate: String?
    @Option(help: "The PEM private key of --certificate.") var key: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"

    func validate() throws {
        guard (certificate == nil) == (key == nil) else { throw ValidationError("--certificate and --key go together") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port is 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level is one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let server = SRMServerApplication(
            configuration: SRMServerConfiguration(
                directory: data.directory, address: address, port: port, serverName: names.serverName, hostNames: names.hostNames,
                certificateFile: certificate, keyFile: key))
        let host = address.contains(":") ? "[\(address)]" : address
        let application = try server.makeApplication(logger: Logger(label: "callplane-srm")) { port in
            // Unbuffered, so a supervisor or test reading a pipe sees it at once.
            FileHandle.standardOutput.write(Data("listening on https://\(host):\(port)\n".utf8))
        }
        try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
