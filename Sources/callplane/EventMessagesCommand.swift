import AdminModels
import ArgumentParser
import Foundation

/// `callplane messages …`: the event-message side of the manual's §6.3.1 from the command line —
/// status and active messages, the event-log view, confirming, simulating, and the catalogue.
struct EventMessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages", abstract: "Event messages: status, active messages, event log, confirm, simulate, types.",
        subcommands: [Status.self, Active.self, Log.self, Confirm.self, Raise.self, Types.self]
    )

    /// `number  time  severity  name  k=v …`
    static func line(_ message: [String: Any], time key: String = "at") -> String {
        let parameters = (message["parameters"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var fields = ["\(message["number"] ?? "")", message[key] as? String ?? "", message["severity"] as? String ?? "", message["name"] as? String ?? ""]
        if let count = message["count"] as? Int, count > 1 { fields.append("×\(count)") }
        if message["simulated"] as? Bool == true { fields.append("(simulated)") }
        return (fields + parameters).joined(separator: "\t")
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The system status: critical, serious or normal, and the active count per severity.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let object = try await options.client.send("GET", "/api/v1/event-messages/status") as? [String: Any] ?? [:]
            let counts = object["activeBySeverity"] as? [String: Int] ?? [:]
            print(
                "\(object["status"] as? String ?? "?") (\(object["colour"] as? String ?? "?"))\tcritical \(counts["critical"] ?? 0)\tserious \(counts["serious"] ?? 0)\tnormal \(counts["normal"] ?? 0)"
            )
        }
    }

    struct Active: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Active event messages, oldest first.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let object = try await options.client.send("GET", "/api/v1/event-messages/active") as? [String: Any] ?? [:]
            for message in object["active"] as? [[String: Any]] ?? [] {
                print(EventMessagesCommand.line(message, time: "lastAt"))
            }
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The event log view (last 254), newest first; --power-failures for the last 10 mains failures.")
        @OptionGroup var options: ServerOptions
        @Flag(name: .customLong("power-failures")) var powerFailures = false

        func run() async throws {
            let path = powerFailures ? "/api/v1/event-messages/power-failures" : "/api/v1/event-messages/log"
            let object = try await options.client.send("GET", path) as? [String: Any] ?? [:]
            for message in object["messages"] as? [[String: Any]] ?? [] {
                print(EventMessagesCommand.line(message))
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm an active message by its number.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The active message's number.") var number: Int

        func run() async throws {
            let object = try await options.client.send("POST", "/api/v1/event-messages/active/\(number)/confirm") as? [String: Any] ?? [:]
            print("confirmed \(number); status \(object["status"] as? String ?? "?")")
        }
    }

    struct Raise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate an event message (recorded as simulated), e.g. to test a network management system.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Event type key, e.g. sip_account_not_available (see `callplane messages types`).") var type: String
        @Argument(help: "Parameters as key=value.") var parameters: [String] = []
        @Option(help: "serious or critical, for types whose severity the source chooses.") var severity: String?

        func run() async throws {
            var values: [String: String] = [:]
            for parameter in parameters {
                guard let equals = parameter.firstIndex(of: "=") else { throw ValidationError("parameter \(parameter): write key=value") }
                values[String(parameter[..<equals])] = String(parameter[parameter.index(after: equals)...])
            }
            var body: [String: Any] = ["type": type, "parameters": values]
            if let severity { body["severity"] = severity }
            let message = try await options.client.send("POST", "/api/v1/event-messages", body: body) as? [String: Any] ?? [:]
            print(EventMessagesCommand.line(message) + "\t→ " + (message["destinations"] as? [String] ?? []).joined(separator: ","))
        }
    }

    struct Types: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The catalogue: code, key, severity, polarity, partner.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for type in try await options.client.decode(EventTypeList.self, "GET", "/api/v1/event-types").eventTypes {
                print([String(type.code), type.key, type.severity, type.polarity, type.partner ?? "-"].joined(separator: "\t"))
            }
        }
    }
}
