import AdminModels
import ArgumentParser
import Domain

/// `callplane smtp`: the SMTP server the e-mail destinations send through (issue 17, point 1).
/// Without options it shows the server; with `--host` and `--sender` it replaces it, reading the
/// password (with `--auth`) from standard input, never from the command line.
struct SMTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp", abstract: "Show the SMTP server, or set it (the password, with --auth, is read from standard input).")
    @OptionGroup var options: ServerOptions
    @Option(help: "The server: a host name, an IPv4 address or [IPv6].") var host: String?
    @Option(help: "Its port (default 25, 587 for starttls, 465 for tls).") var port: Int?
    @Option(help: "none, starttls (the default) or tls (implicit TLS).") var security: String?
    @Option(name: .customLong("auth"), help: "none (the default), plain, login or cram_md5.") var authentication: String?
    @Option(help: "The user name to log on with (with --auth).") var user: String?
    @Option(help: "The address the e-mail comes from.") var sender: String?
    @Option(name: .customLong("ca-file"), help: "A PEM file of the roots to trust instead of the system's.") var caFile: String?
    @Flag(name: .customLong("keep-password"), help: "Keep the stored password instead of reading one.") var keepPassword = false

    func run() async throws {
        guard host != nil || sender != nil || port != nil || security != nil || authentication != nil || user != nil || caFile != nil else {
            print(Self.lines(try await options.client.decode(SMTPServerView.self, "GET", "/api/v1/email/smtp")))
            return
        }
        guard let host, let sender else { throw ValidationError("setting the SMTP server needs --host and --sender") }
        guard security == nil || SMTPSecurity(rawValue: security!) != nil else {
            throw ValidationError("--security must be one of \(SMTPSecurity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard authentication == nil || SMTPAuthentication(rawValue: authentication!) != nil else {
            throw ValidationError("--auth must be one of \(SMTPAuthentication.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let authenticates = authentication.flatMap(SMTPAuthentication.init) ?? .none != .none
        let password = authenticates && !keepPassword ? readLine(strippingNewline: true) : nil
        let body = SMTPServerChange(
            host: host, port: port, security: security.flatMap(SMTPSecurity.init), authentication: authentication.flatMap(SMTPAuthentication.init),
            user: user, password: password, sender: sender, caFile: caFile)
        print(Self.lines(try await options.client.decode(SMTPServerView.self, "PUT", "/api/v1/email/smtp", body: body)))
    }

    static func lines(_ view: SMTPServerView) -> String {
        guard view.configured else { return "not set" }
        return [
            "server\t\(view.host):\(view.port)", "security\t\(view.security)",
            "authentication\t\(view.authentication)" + (view.user.map { " as " + $0 } ?? "") + (view.passwordSet ? " (password stored)" : ""),
            "sender\t\(view.sender)", "trusts\t\(view.caFile ?? "the system's roots")",
        ].joined(separator: "\n")
    }
}
