import AdminModels
import ArgumentParser
import Domain
import Foundation

struct TerminalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminals", abstract: "List, add and remove SIP terminals.",
        subcommands: [List.self, Add.self, Remove.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per terminal: id, kind, registration name, user, MAC, SRTP mode.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for terminal in try await options.client.decode(TerminalList.self, "GET", "/api/v1/terminals").terminals {
                print(Self.line(terminal))
            }
        }

        static func line(_ terminal: TerminalView) -> String {
            [String(terminal.id), terminal.kind, terminal.registrationName, terminal.userNumber ?? "-", terminal.macAddress ?? "-", terminal.srtp]
                .joined(separator: "\t")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a SIP terminal.")
        @OptionGroup var options: ServerOptions
        @Option(help: "system_sip or standard_sip.") var kind: String = "standard_sip"
        @Argument(help: "SIP registration user name.") var registrationName: String
        @Option(help: "Registration password (8–64 printable ASCII characters).") var password: String
        @Option(help: "Call number of the user it belongs to.") var user: String?
        @Option(help: "MAC address.") var mac: String?
        @Option(help: "Secure VoIP media: off, preferred (the default) or mandatory (SRTP over TLS, or the call is refused).") var srtp: String?

        func run() async throws {
            guard srtp == nil || SRTPMode(rawValue: srtp!) != nil else {
                throw ValidationError("--srtp must be one of \(SRTPMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let body = TerminalCreation(
                kind: kind, registrationName: registrationName, password: password, userNumber: user, macAddress: mac, srtp: srtp.flatMap(SRTPMode.init))
            print(List.line(try await options.client.decode(TerminalView.self, "POST", "/api/v1/terminals", body: body)))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a terminal.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Terminal id.") var id: Int

        func run() async throws {
            try await options.client.send("DELETE", "/api/v1/terminals/\(id)")
            print("removed terminal \(id)")
        }
    }
}
