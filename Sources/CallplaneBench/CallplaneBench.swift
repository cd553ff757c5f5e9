import ControlPlane
import Domain
import EventLog
import Foundation
import Logging

/// `callplane-bench`: the event log's figures of the foundation issue, the event-message, login
/// and SNMP agent figures, each beside a baseline measured in the same run (see `ops/bench`).
@main
struct CallplaneBench {
    struct Options {
        var directory = ".build/bench-data"
        var events = 1_000_000
        var runs = 3
        var singleAppends = 2_000
        var concurrentAppends = 64_000
        var appenders = 16
        /// Occurrences per run of the event-message figure.
        var eventMessages = 80_000
        /// Concurrent sources raising event messages (each awaits its durable append).
        var raisers = 128
        /// Logins per run of the login figure.
        var logins = 40
        /// Rows of cpActiveEventMessageTable (simulated event messages) in the SNMP figures.
        var snmpRows = 10_000
        /// `appends`, `replay`, `eventmessages`, `login`, `snmp` or `all`.
        var only = "all"
        /// Set only in the child process that serves the AgentX figure (``AgentXSubagent``).
        var agentXSubagent: String?
    }

    static let optionNames =
        "--dir, --events, --runs, --single, --concurrent, --messages, --raisers, --logins, --rows, --only appends|facts|replay|eventmessages|login|snmp|api"

    /// A failed measurement says why in one line and exits 1, instead of a crash report.
    static func main() async {
        do {
            try await run()
        } catch {
            FileHandle.standardError.write(Data("callplane-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run() async throws {
        var options = Options()
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            if argument == "--help" || argument == "-h" {
                print("usage: ops/bench [\(Self.optionNames)]")
                return
            }
            guard let value = arguments.next() else { throw BenchError("\(argument) needs a value") }
            switch argument {
            case "--dir": options.directory = value
            case "--events": options.events = Int(value) ?? options.events
            case "--runs": options.runs = Int(value) ?? options.runs
            case "--single": options.singleAppends = Int(value) ?? options.singleAppends
            case "--concurrent": options.concurrentAppends = Int(value) ?? options.concurrentAppends
            case "--only": options.only = value
            case "--messages": options.eventMessages = Int(value) ?? options.eventMessages
            case "--raisers": options.raisers = Int(value) ?? options.raisers
            case "--logins": options.logins = Int(value) ?? options.logins
            case "--rows": options.snmpRows = Int(value) ?? options.snmpRows
            case AgentXSubagent.argument: options.agentXSubagent = value
            default: throw BenchError("unknown option \(argument) (\(Self.optionNames))")
            }
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        if let socket = options.agentXSubagent {
            return try AgentXSubagent.serve(socket: socket, rows: options.snmpRows, directory: options.directory)
        }
        try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
        print("callplane-bench: \(options.runs) runs each, medians; data in \(options.directory)")

        let runs = { (name: String) in options.only == "all" || options.only == name }
        let appends = runs("appends") ? try await AppendBench(options: options).run() : []
        let facts = runs("facts") ? try await FactsBench(options: options).run() : []
        let replay = runs("replay") ? try await ReplayBench(options: options).run() : []
        let eventMessages = runs("eventmessages") ? try await EventMessageBench(options: options).run() : []
        let login = runs("login") ? try await LoginBench(options: options).run() : []
        let snmp = runs("snmp") ? try await SNMPBench(options: options).run() : []
        let api = runs("api") ? try await APIBench(options: options).run() : []
        print("")
        for figure in appends + facts + replay + eventMessages + login + snmp + api { print(figure.line()) }
        print("")
        print(
            "targets: 16 appenders ≥ 50,000 events/s and ≥ 0.85× raw SQLite at 16 rows per commit; commands beside facts ≥ 0.90× without; 1 appender ≥ 0.9× raw single commits; replay ≥ 1,000,000 events/s; start-up with a snapshot < 1 s; event messages ≥ 10,000 msg/s sustained, p99 < 50 ms at 1,000 msg/s; password verification 50–250 ms; SNMP walk ≥ 1.0× snmpd per varbind, served while 1,000 msg/s are raised; API (wrk, 32 connections) beside /health: users ≥ 0.10×, events ≥ 0.05×, state ≥ 0.5×"
        )
    }
}

/// A fresh, migrated database file for one measurement.
func freshDatabase(_ options: CallplaneBench.Options, _ name: String) throws -> String {
    let path = (options.directory as NSString).appendingPathComponent("\(name).sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return path
}

/// A realistic event: a user's creation, as the API would record it.
func userEvent(_ index: Int, stream: String? = nil) -> ProposedEvent {
    let number = String(100 + index % 1200)
    let event: DomainEvent =
        index < 1200
        ? .userCreated(User(number: number, name: "User \(number)", email: "u\(number)@example.com", language: "en"))
        : .userUpdated(User(number: number, name: "User \(number) r\(index / 1200)", email: "u\(number)@example.com", language: "en"))
    var proposed = event.proposed(actor: "bench", source: "127.0.0.1/bench")
    if let stream { proposed.stream = stream }
    return proposed
}
