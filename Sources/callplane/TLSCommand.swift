import AdminModels
import ArgumentParser
import Foundation

/// `callplane tls …`: the system's TLS certificate (issue 15, point 1) — show it, export its CA
/// for phones, install one of the administrator's own.
struct TLSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls", abstract: "The system's TLS certificate: show it, or upload your own.",
        subcommands: [Show.self, Upload.self]
    )

    static func describe(_ view: TLSCertificateView) -> String {
        """
        origin: \(view.origin)
        subject: \(view.subject)
        issuer: \(view.issuer)
        subject alternative names: \(view.subjectAlternativeNames.joined(separator: ", "))
        valid: \(view.notBefore) – \(view.notAfter) (\(view.expiry))
        SHA-256 fingerprint: \(view.fingerprint)
        """
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show the certificate; --authority prints the CA certificate (PEM) phones import.")
        @OptionGroup var options: ServerOptions
        @Flag(help: "Print only the PEM of the CA certificate, e.g. > callplane-ca.pem.") var authority = false

        func run() async throws {
            let view = try await options.client.decode(TLSCertificateView.self, "GET", "/api/v1/tls/certificate")
            guard authority else {
                print(TLSCommand.describe(view))
                return
            }
            guard let pem = view.authorityCertificate else { throw ValidationError("the certificate's chain names no CA certificate") }
            print(pem, terminator: "")
        }
    }

    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upload", abstract: "Install your own certificate chain (server certificate first) and its unencrypted private key.")
        @OptionGroup var options: ServerOptions
        @Option(help: "PEM file of the chain: the server's certificate, then each that signed the one before.") var chain: String
        @Option(help: "PEM file of the server certificate's private key (sealed in the log once uploaded).") var key: String

        func run() async throws {
            let body = TLSCertificateUpload(certificateChain: try Self.read(chain, "--chain"), privateKey: try Self.read(key, "--key"))
            let view = try await options.client.decode(TLSCertificateView.self, "PUT", "/api/v1/tls/certificate", body: body)
            print("TLS certificate installed:")
            print(TLSCommand.describe(view))
        }

        static func read(_ path: String, _ option: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("\(option): cannot read \(path) as text") }
            return text
        }
    }
}
