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
    static func line(_ message: EventMessageView) -> String {
        line(number: message.number, at: message.at, severity: message.severity, name: message.name, count: 1, simulated: message.simulated, message.parameters)
    }

    /// An active message shows when it last occurred and how often.
    static func line(_ active: ActiveEventMessageView) -> String {
        line(
            number: active.number, at: active.lastAt, severity: active.severity, name: active.name, count: active.count, simulated: active.simulated,
            active.parameters)
    }

    private static func line(number: Int64, at: String, severity: String, name: String, count: Int, simulated: Bool, _ parameters: [String: String]) -> String {
        var fields = [String(number), at, severity, name]
        if count > 1 { fields.append("×\(count)") }
        if simulated { fields.append("(simulated)") }
        return (fields + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: "\t")
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The system status: critical, serious or normal, and the active count per severity.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let status = try await options.client.decode(SystemStatusView.self, "GET", "/api/v1/event-messages/status")
            let counts = status.activeBySeverity
            print(
                "\(status.status) (\(status.colour))\tcritical \(counts["critical"] ?? 0)\tserious \(counts["serious"] ?? 0)\tnormal \(counts["normal"] ?? 0)"
            )
        }
    }

    struct Active: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Active event messages, oldest first.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for message in try await options.client.decode(ActiveEventMessageList.self, "GET", "/api/v1/event-messages/active").active {
                print(EventMessagesCommand.line(message))
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
            for message in try await options.client.decode(EventMessageLogView.self, "GET", path).messages {
                print(EventMessagesCommand.line(message))
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm an active message by its number.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The active message's number.") var number: Int

        func run() async throws {
            let confirmation = try await options.client.decode(ConfirmationView.self, "POST", "/api/v1/event-messages/active/\(number)/confirm")
            print("confirmed \(number); status \(confirmation.status)")
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
            let body = EventMessageSimulation(type: type, parameters: values, severity: severity)
            let message = try await options.client.decode(EventMessageView.self, "POST", "/api/v1/event-messages", body: body)
            print(EventMessagesCommand.line(message) + "\t→ " + message.destinations.joined(separator: ","))
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
