import AdminModels
import ArgumentParser
import Foundation

/// `callplane srm`: the connection to the installer's SRM server (manual §5.2). Without options
/// it shows the settings and what the connection is doing; with `--host` it replaces them,
/// reading the secret `callplane-srm system add` issued from standard input — never from the
/// command line, where `ps` would show it.
struct SRMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srm", abstract: "Show the SRM connection, or set it (the issued secret is read from standard input).")
    @OptionGroup var options: ServerOptions
    @Option(help: "The SRM server: a host name, an IPv4 address or [IPv6].") var host: String?
    @Option(help: "Its TLS port (default 4443).") var port: Int?
    @Option(name: .customLong("trust"), help: "A PEM file of the CA the SRM server's certificate chains to (callplane-srm ca).")
    var trustedCertificate: String?
    @Flag(name: .customLong("keep-secret"), help: "Keep the stored secret instead of reading one.") var keepSecret = false
    @Flag(name: .customLong("off"), help: "Keep the settings but switch the connection off.") var off = false

    func run() async throws {
        guard let host else {
            guard port == nil, trustedCertificate == nil, !keepSecret, !off else { throw ValidationError("setting the SRM connection needs --host") }
            print(Self.lines(try await options.client.decode(SRMSettingsView.self, "GET", "/api/v1/srm")))
            return
        }
        let pem = try trustedCertificate.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let secret = keepSecret ? nil : readLine(strippingNewline: true)
        let body = SRMSettingsChange(enabled: !off, host: host, port: port, secret: secret, trustedCertificate: pem)
        print(Self.lines(try await options.client.decode(SRMSettingsView.self, "PUT", "/api/v1/srm", body: body)))
    }

    static func lines(_ view: SRMSettingsView) -> String {
        guard let host = view.host else { return "not set" }
        let connection = view.connection
        var lines = [
            "server\t\(host):\(view.port)" + (view.enabled ? "" : " (switched off)"), "secret\t" + (view.secretSet ? "stored" : "none"),
            "trusts\t" + (view.trustedCertificate == nil ? "the system's roots" : "its own CA"),
            "connection\t\(connection.state) since \(connection.since)" + (connection.serverName.map { " to " + $0 } ?? ""),
        ]
        if let cause = connection.lastFailureCause { lines.append("last failure\tcause \(cause): \(connection.lastFailure ?? "")") }
        return lines.joined(separator: "\n")
    }
}
