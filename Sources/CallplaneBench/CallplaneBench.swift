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
        /// `appends`, `facts`, `replay`, `eventmessages`, `login`, `snmp`, `api`, `sip`, `media`, `email`, `atas` or `all`.
        var only = "all"
        /// Paced occurrences (1 per ms) of the event-message latency figures.
        var pacedMessages = 5_000
        /// Seconds of each wrk measurement of the API figures (after a 1 s warm-up).
        var wrkSeconds = 5
        /// Seconds of raising 1,000 msg/s while the SNMP agent is walked.
        var snmpLoadSeconds = 5
        /// E-mails per window of the e-mail figure, and its windows (``EmailBench``).
        var emailsPerWindow = 200
        var emailWindows = 5
        /// Event messages per window of the ATAS figure, and its windows (``ATASBench``).
        var atasMessagesPerWindow = 20_000
        var atasWindows = 5
        /// `--enforce`: exit 1 when a figure misses its target.
        var enforce = false
        /// `--smoke`: every bench at a size of seconds, for `ops/test`; each figure must come out
        /// sane (finite, above zero), targets are printed but not enforced.
        var smoke = false

        /// The sizes of the smoke pass (issue 14, point 1): enough of each workload that every
        /// figure is measured by the same code, small enough for every test run.
        mutating func shrinkForSmoke() {
            smoke = true
            runs = 1
            events = 20_000
            singleAppends = 200
            concurrentAppends = 3_200
            eventMessages = 2_000
            raisers = 16
            pacedMessages = 300
            logins = 2
            snmpRows = 500
            wrkSeconds = 1
            snmpLoadSeconds = 1
            emailsPerWindow = 10
            atasMessagesPerWindow = 500
            atasWindows = 1
        }
        /// Set only in the child process that serves the AgentX figure (``AgentXSubagent``).
        var agentXSubagent: String?
    }

    static let optionNames =
        "--dir, --events, --runs, --single, --concurrent, --messages, --raisers, --logins, --rows, --emails, --only appends|facts|replay|eventmessages|login|snmp|api|sip|media|email|atas|backup|srm, --enforce, --smoke (first)"

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
        if CommandLine.arguments.dropFirst().first == MediaRelayProcess.argument {
            return try await MediaRelayProcess.serve(Array(CommandLine.arguments.dropFirst(2)))
        }
        var options = Options()
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            if argument == "--help" || argument == "-h" {
                print("usage: ops/bench [\(Self.optionNames)]")
                return
            }
            if argument == "--enforce" {
                options.enforce = true
                continue
            }
            if argument == "--smoke" {
                options.shrinkForSmoke()
                continue
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
            case "--emails": options.emailsPerWindow = Int(value) ?? options.emailsPerWindow
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
        let sip = runs("sip") ? try await SIPBench(options: options).run() : []
        let media = runs("media") ? try await MediaBench(options: options).run() : []
        let email = runs("email") ? try await EmailBench(options: options).run() : []
        let atas = runs("atas") ? try await ATASBench(options: options).run() : []
        let backup = runs("backup") ? try await BackupBench(options: options).run() : []
        let srm = runs("srm") ? try await SRMBench(options: options).run() : []
        let figures = appends + facts + replay + eventMessages + login + snmp + api + sip + media + email + atas + backup + srm
        print("")
        for figure in figures { print(figure.line()) }
        try judge(figures, options)
    }

    /// The verdict line, and the exit status: a smoke pass fails on a figure that was not
    /// measured sanely; `--enforce` fails on a missed target.
    static func judge(_ figures: [BenchFigure], _ options: Options) throws {
        let verdicts = figures.compactMap { $0.target.isMet(by: $0) }
        let missed = verdicts.filter { !$0 }.count
        print("")
        print("\(figures.count) figures: \(verdicts.count - missed) MET, \(missed) MISSED, \(figures.count - verdicts.count) informational")
        if options.smoke {
            let insane = figures.compactMap(\.insanity)
            guard insane.isEmpty, !figures.isEmpty else {
                throw BenchError("smoke pass: \(figures.isEmpty ? "no figure was produced" : insane.joined(separator: "; "))")
            }
            print("smoke pass: every figure measured (sizes too small for the targets to mean anything)")
        }
        if options.enforce, missed > 0 {
            throw BenchError("\(missed) figure(s) missed their target (--enforce)")
        }
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
    let number = String(1_000 + index % 1200)
    let event: DomainEvent =
        index < 1200
        ? .userCreated(User(number: number, name: "User \(number)", email: "u\(number)@example.com", language: "en"))
        : .userUpdated(User(number: number, name: "User \(number) r\(index / 1200)", email: "u\(number)@example.com", language: "en"))
    var proposed = event.proposed(actor: "bench", source: "127.0.0.1/bench")
    if let stream { proposed.stream = stream }
    return proposed
}
