import AdminModels
import ArgumentParser
import EventLog
import Foundation

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Read, follow and verify the event log.",
        subcommands: [List.self, Tail.self, Verify.self]
    )

    /// One line per event: position, time, type, stream, actor@source, payload.
    static func line(_ event: EventView) -> String {
        [
            String(event.position), event.time, event.type, event.stream, "\(event.actor)@\(event.source)",
            String(decoding: event.payload.jsonBytes(), as: UTF8.self),
        ].joined(separator: "\t")
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List events, oldest first, through the API.")
        @OptionGroup var options: ServerOptions
        @Option(help: "Only events after this position.") var after: Int64 = 0
        @Option(help: "At most this many events (all when omitted).") var limit: Int?
        @Option(help: "Exact stream, e.g. user/101.") var stream: String?
        @Option(help: "Type prefix, e.g. user.") var type: String?
        @Option(help: "Exact actor.") var actor: String?
        @Option(help: "From this time (RFC 3339 or microseconds).") var since: String?
        @Option(help: "Before this time (RFC 3339 or microseconds).") var until: String?
        @Flag(help: "Print each event as one JSON object per line.") var json = false

        func run() async throws {
            let client = try options.client
            let filters = [("stream", stream), ("type", type), ("actor", actor), ("since", since), ("until", until)]
            try await client.forEachEvent("/api/v1/events", after: after, limit: limit, filters: filters) { event in
                if json {
                    print(String(decoding: event.jsonBytes(), as: UTF8.self))
                } else {
                    print(EventsCommand.line(event))
                }
            }
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Follow the live feed (server-sent events); Ctrl-C ends.")
        @OptionGroup var options: ServerOptions
        @Option(help: "Start after this position (default: the current head, so only new events).") var after: Int64?

        func run() async throws {
            let client = try options.client
            var start = after
            if start == nil {
                start = try await client.decode(EventPage.self, "GET", "/api/v1/events", query: [URLQueryItem(name: "limit", value: "1")]).head
            }
            try await client.follow("/api/v1/events/feed", after: start ?? 0) { data in
                guard let event = try? JSONDecoder().decode(EventView.self, from: Data(data.utf8)) else { return }
                // Unbuffered, so a pipe sees each event as it arrives.
                FileHandle.standardOutput.write(Data((EventsCommand.line(event) + "\n").utf8))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain offline and check the log's witnesses and snapshots (the database is opened read-only).",
            discussion: """
                Exit status 0 when the log is clean, 1 when a position does not match, the tail was cut \
                (truncated: head N, witness M), a witness is contradicted, or a snapshot is forged, detached or ahead of the log.
                """
        )
        @Option(name: .customLong("data-dir"), help: "The server's data directory.") var dataDirectory: String = "./data"
        @Option(
            name: .customLong("secret-key-file"),
            help: "The key that authenticates snapshots and witnesses (default: secret.key in the data directory; or CALLPLANE_SECRETS_KEY_FILE).")
        var secretKeyFile: String?
        @Option(
            name: .customLong("witness"),
            help: "A witness kept elsewhere, e.g. a webhook batch's logWitness ('callplane-witness v1 <position> <hash> <mac>'); repeatable.")
        var witnesses: [String] = []

        func run() async throws {
            try await OfflineLog.verify(
                dataDirectory: dataDirectory,
                secretKeyFile: secretKeyFile ?? ProcessInfo.processInfo.environment["CALLPLANE_SECRETS_KEY_FILE"],
                given: witnesses
            ).report()
        }
    }
}
