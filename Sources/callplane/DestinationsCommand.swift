import AdminModels
import ArgumentParser
import Foundation

/// `callplane destinations …`: signal destinations and event tables (manual §6.3.1.2–3).
struct DestinationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destinations", abstract: "Signal destinations and event tables: list, syslog, webhook, on/off, test, filter.",
        subcommands: [List.self, Syslog.self, Webhook.self, AlarmServer.self, Switch.self, Test.self, Filter.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per destination: id, on/off, table, reachable, pending, delivered through.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for destination in try await options.client.decode(DestinationList.self, "GET", "/api/v1/destinations").destinations {
                let delivery = destination.delivery
                let reach: String =
                    if delivery?.hasAdapter != true { "adapter: none (messages kept in the log)" } else if delivery?.reachable == true { "reachable" } else {
                        "NOT REACHABLE: \(delivery?.lastError ?? "")"
                    }
                print(
                    [
                        destination.id, destination.enabled ? "on" : "off", "table \(destination.table)", reach,
                        "pending \(delivery?.pending.map(String.init) ?? "-")", "delivered through \(delivery?.deliveredThrough ?? 0)",
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Syslog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point a local destination at a syslog collector and switch it on.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "local_1, local_2 or local_3.") var id: String
        @Argument(help: "udp, tcp or tls.") var transport: String
        @Argument(help: "Collector host.") var host: String
        @Argument(help: "Collector port.") var port: Int
        @Option(help: "Facility 0…23 (default 16, local0).") var facility: Int?
        @Option(name: .customLong("ca-file"), help: "PEM CA of the collector's certificate (tls).") var caFile: String?

        func run() async throws {
            var syslog: [String: JSONValue] = ["transport": .string(transport), "host": .string(host), "port": .integer(Int64(port))]
            if let facility { syslog["facility"] = .integer(Int64(facility)) }
            if let caFile { syslog["caFile"] = .string(caFile) }
            try await options.client.send("PATCH", "/api/v1/destinations/\(id)", body: DestinationChange(enabled: true, settings: ["syslog": .object(syslog)]))
            print("\(id) sends to \(transport)://\(host):\(port)")
        }
    }

    struct Webhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the external destination's HTTPS webhook and switch it on.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Primary https:// URL.") var primary: String
        @Option(help: "Alternative https:// URL, tried when the primary fails.") var alternative: String?
        @Option(help: "HMAC-SHA256 signing secret (16…256 bytes); or CALLPLANE_WEBHOOK_SECRET.") var secret: String?
        @Option(name: .customLong("ca-file"), help: "PEM CA of the receiver's certificate.") var caFile: String?

        func run() async throws {
            guard let secret = secret ?? ProcessInfo.processInfo.environment["CALLPLANE_WEBHOOK_SECRET"] else {
                throw ValidationError("give --secret or set CALLPLANE_WEBHOOK_SECRET")
            }
            var webhook: [String: JSONValue] = ["primaryUrl": .string(primary), "secret": .string(secret)]
            if let alternative { webhook["alternativeUrl"] = .string(alternative) }
            if let caFile { webhook["caFile"] = .string(caFile) }
            try await options.client.send(
                "PATCH", "/api/v1/destinations/external", body: DestinationChange(enabled: true, settings: ["webhook": .object(webhook)]))
            print("external sends to \(primary)")
        }
    }

    struct AlarmServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "atas", abstract: "Switch the ATAS destination on for the alarm server logged on at the ATAS interface (docs/atas.md).")
        @OptionGroup var options: ServerOptions
        @Option(name: .customLong("cycle-seconds"), help: "How often the alarm server must send its cycle signal, 5…300 s (default 30).")
        var cycleSeconds: Int?

        func run() async throws {
            var settings: [String: JSONValue] = [:]
            if let cycleSeconds { settings["cycleSeconds"] = .integer(Int64(cycleSeconds)) }
            try await options.client.send(
                "PATCH", "/api/v1/destinations/atas", body: DestinationChange(enabled: true, settings: ["alarmServer": .object(settings)]))
            print("atas sends to the alarm server logged on at the ATAS interface; its cycle signal is due every \(cycleSeconds ?? 30) s")
        }
    }

    struct Switch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Switch a destination (or with --kind a whole kind) on or off.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Destination id, or a kind with --kind.") var id: String
        @Argument(help: "on or off.") var state: String
        @Flag(help: "Switch the kind (system_phone, external, local, snmp, event_log, email, atas, srm).") var kind = false

        func run() async throws {
            guard state == "on" || state == "off" else { throw ValidationError("state: on or off") }
            if kind {
                try await options.client.send("PUT", "/api/v1/destination-kinds/\(id)", body: DestinationKindSwitch(on: state == "on"))
            } else {
                try await options.client.send("PATCH", "/api/v1/destinations/\(id)", body: DestinationChange(enabled: state == "on"))
            }
            print("\(id) \(state)")
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a test event message to one destination.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Destination id.") var id: String

        func run() async throws {
            let message = try await options.client.decode(EventMessageView.self, "POST", "/api/v1/destinations/\(id)/test")
            switch message.delivery?.outcome {
            case "delivered"?:
                print("test event message \(message.number) delivered to \(id)")
            case "failed"?:
                let reason = message.delivery?.error ?? "no reason given"
                throw AdminClient.Failure(description: "test event message \(message.number) not delivered to \(id): \(reason)", status: 201)
            default:
                print("test event message \(message.number) recorded for \(id); its delivery is not known")
            }
        }
    }

    struct Filter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set one row of an event table: none, every, or custom with --frequency and --hours.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Event table 1…8.") var table: Int
        @Argument(help: "Event type key.") var type: String
        @Argument(help: "none, every or custom.") var mode: String
        @Option(help: "Custom: occurrences 2…20.") var frequency: Int?
        @Option(help: "Custom: within this many hours, 1…672.") var hours: Int?

        func run() async throws {
            let row = EventTableRowChange(mode: mode, frequency: frequency, periodHours: hours)
            let view = try await options.client.decode(
                EventTableView.self, "PATCH", "/api/v1/event-tables/\(table)", body: EventTableChange(rows: [type: row]))
            print("table \(table): \(type) \(mode)\(frequency.map { " \($0)" } ?? "")\(hours.map { " within \($0) h" } ?? "")")
            if mode != "every", view.rows.first(where: { $0.type == type })?.unfilteredOnLocal == true {
                print("note: \(type) still reaches every enabled local destination, whatever the tables say (manual Tab. 24)")
            }
        }
    }
}
