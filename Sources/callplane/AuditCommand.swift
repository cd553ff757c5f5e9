import AdminModels
import ArgumentParser
import EventLog
import Foundation

/// `callplane audit …`: who changed what, and whether the record of it is intact.
///
/// The audit trail is the event log itself, filtered by actor, administration area or type, so
/// changes to accounts and authorization profiles (§5.3), every login attempt (the access log,
/// §5.3.3) and each switch of remote maintenance (§5.4) are in it, with the hash chain that makes
/// a changed or removed entry evident. Needs the audit read right.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit trail: query it, verify its hash chain.",
        subcommands: [Query.self, Verify.self, Integrity.self, Acknowledge.self]
    )

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audited events, oldest first, one line each: position, time, actor, source, type, stream."
        )
        @OptionGroup var options: ServerOptions
        @Option(help: "Only this actor's events: an account name, or system.") var actor: String?
        @Option(help: "Only one administration area: system, users, terminals, event_messages, user_access_control, maintenance or audit.")
        var area: String?
        @Option(help: "Type prefix, e.g. account. or account.access.") var type: String?
        @Option(help: "From this time (RFC 3339, e.g. 2026-01-31T08:00:00Z).") var since: String?
        @Option(help: "Before this time (RFC 3339).") var until: String?
        @Flag(help: "Yesterday, from local midnight to midnight (instead of --since and --until).") var yesterday = false
        @Option(help: "At most this many events (all when omitted).") var limit: Int?

        func validate() throws {
            if yesterday, since != nil || until != nil { throw ValidationError("--yesterday sets the period itself; give it or --since/--until") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let client = try options.client
            var period = (since: since, until: until)
            if yesterday {
                let bounds = Self.yesterday()
                period = (bounds.since, bounds.until)
            }
            let filters = [("actor", actor), ("area", area), ("type", type), ("since", period.since), ("until", period.until)]
            try await client.forEachEvent("/api/v1/audit", limit: limit, filters: filters) { event in
                print([String(event.position), event.time, event.actor, event.source, event.type, event.stream].joined(separator: "\t"))
            }
        }

        /// Yesterday's local midnight and today's, as RFC 3339 UTC text: the question an auditor
        /// asks ("what changed yesterday?") is about the local day. Through `Calendar`, so a day
        /// of 23 or 25 hours at a daylight-saving change is still one whole day.
        static func yesterday(now: Date = Date(), calendar: Calendar = .current) -> (since: String, until: String) {
            let today = calendar.startOfDay(for: now)
            let start = calendar.startOfDay(for: calendar.date(byAdding: .day, value: -1, to: today) ?? today.addingTimeInterval(-86_400))
            return (rfc3339(start), rfc3339(today))
        }

        static func rfc3339(_ date: Date) -> String {
            RFC3339Timestamp.string(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the hash chain through the API, or offline with --data-dir (the database is opened read-only).",
            discussion: "Exit status 0 when the chain is intact, 1 when it is broken; then the first broken position and the reason are printed."
        )
        @OptionGroup var options: ServerOptions
        @Option(name: .customLong("data-dir"), help: "Walk this data directory's log offline instead of asking the server.")
        var dataDirectory: String?
        @Option(name: .customLong("secret-key-file"), help: "With --data-dir: the key that authenticates snapshots and witnesses.")
        var secretKeyFile: String?
        @Option(
            name: .customLong("witness"),
            help: "With --data-dir: a witness kept elsewhere, e.g. a webhook batch's logWitness ('callplane-witness v1 <position> <hash> <mac>'); repeatable.")
        var witnesses: [String] = []

        func run() async throws {
            if let dataDirectory {
                try await OfflineLog.verify(
                    dataDirectory: dataDirectory,
                    secretKeyFile: secretKeyFile ?? ProcessInfo.processInfo.environment["CALLPLANE_SECRETS_KEY_FILE"],
                    given: witnesses
                ).report()
                return
            }
            guard witnesses.isEmpty else { throw ValidationError("--witness is checked offline: add --data-dir") }
            let answer = try await options.client.decode(ChainVerificationView.self, "GET", "/api/v1/audit/verify")
            let result: ChainVerification =
                if answer.intact {
                    .intact(events: answer.verified ?? 0, head: answer.head ?? answer.verified ?? 0)
                } else {
                    .broken(position: answer.firstBroken ?? 0, reason: answer.reason ?? "no reason given")
                }
            print(result.description)
            if answer.truncated == true { print("truncated: head \(answer.head ?? 0), witness \(answer.witness ?? 0)") }
            for problem in answer.witnessProblems ?? [] { print("witness: \(problem)") }
            for snapshot in answer.snapshots ?? [] {
                print("snapshot \(snapshot.kind) schema \(snapshot.schema) at position \(snapshot.position): \(snapshot.reason)")
            }
            if !answer.intact || answer.clean == false { throw ExitCode(1) }
        }
    }

    struct Integrity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whether the server trusts its log; if not, what it found (writes are refused until acknowledged).",
            discussion: "Exit status 0 when trusted, 1 when a finding waits for acknowledgement."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let status = try await options.client.decode(IntegrityStatusView.self, "GET", "/api/v1/audit/integrity")
            guard !status.trusted else {
                print("trusted")
                return
            }
            print("in doubt since \(status.detectedAt ?? "?"): \(status.finding ?? "?") (head \(status.head ?? 0))")
            print("writes are refused until an administrator runs `callplane audit acknowledge`")
            throw ExitCode(1)
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept the log as it now stands after an integrity finding, and accept writes again (recorded with your account and address)."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let answer = try await options.client.decode(IntegrityAcknowledgementView.self, "POST", "/api/v1/audit/integrity/acknowledge")
            print("acknowledged at position \(answer.position): \(answer.acknowledged)")
        }
    }
}
