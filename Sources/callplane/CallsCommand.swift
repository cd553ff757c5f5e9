import AdminModels
import ArgumentParser
import Foundation

/// `callplane calls`: the calls in progress, or with `--history` the ended calls from the log,
/// one line each (issue 15, point 8), as `GET /api/v1/calls` and `/api/v1/calls/history` list
/// them. Needs the terminals read right.
struct CallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "One line per call in progress, or per ended call with --history (newest first).",
        discussion: """
            In progress: call id, state, caller, dialled, callee, started, seconds since the answer.
            History: call id, caller, dialled, callee, started, ended, cause, ended by, duration (ms).
            A history page ends with '# next: --before N' when older calls are left.
            """
    )
    @OptionGroup var options: ServerOptions
    @Flag(help: "The ended calls, read from the log, newest first.") var history = false
    @Option(help: "Only calls this user (its call number) made or was called by.") var user: String?
    @Option(help: "With --history: only calls that ended so (normal, busy, cancelled, noAnswer, unavailable, unknownNumber, refused, failed, restart).")
    var cause: String?
    @Option(help: "With --history: at most this many calls (1 to 1000, default 100).") var limit: Int?
    @Option(help: "With --history: only calls whose end was recorded at or after this time (RFC 3339).") var from: String?
    @Option(help: "With --history: only calls whose end was recorded before this time (RFC 3339).") var to: String?
    @Option(help: "With --history: only ends before this log position (the previous page's next).") var before: Int64?

    func validate() throws {
        if !history, cause != nil || limit != nil || from != nil || to != nil || before != nil {
            throw ValidationError("--cause, --limit, --from, --to and --before filter the history: add --history")
        }
    }

    func run() async throws {
        var query: [URLQueryItem] = []
        if let user { query.append(URLQueryItem(name: "user", value: user)) }
        guard history else {
            let list = try await options.client.decode(ActiveCallList.self, "GET", "/api/v1/calls", query: query)
            for call in list.calls { print(Self.line(call)) }
            return
        }
        if let cause { query.append(URLQueryItem(name: "cause", value: cause)) }
        if let limit { query.append(URLQueryItem(name: "limit", value: String(limit))) }
        if let from { query.append(URLQueryItem(name: "from", value: from)) }
        if let to { query.append(URLQueryItem(name: "to", value: to)) }
        if let before { query.append(URLQueryItem(name: "before", value: String(before))) }
        let page = try await options.client.decode(CallHistoryView.self, "GET", "/api/v1/calls/history", query: query)
        for record in page.calls { print(Self.line(record)) }
        if let next = page.next { print("# next: --before \(next)") }
    }

    static func line(_ call: ActiveCallView) -> String {
        [call.callID, call.state, call.caller ?? "-", call.dialled, call.callee ?? "-", call.startedAt, "\(call.durationSeconds)s"]
            .joined(separator: "\t")
    }

    static func line(_ record: CallRecordView) -> String {
        [
            record.callID, record.caller ?? "-", record.dialled ?? "-", record.callee ?? "-", record.startedAt ?? "-", record.endedAt, record.cause,
            record.endedBy, "\(record.durationMs)ms",
        ].joined(separator: "\t")
    }
}
