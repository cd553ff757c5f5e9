import AdminModels
import ControlPlane
import Domain
import EventLog
import Foundation
import Hummingbird

extension AdminAPI {
    /// The calls in progress (issue 15, point 8), from the call projection: oldest first, each
    /// with its seconds since the answer on the injected clock. `?user=` keeps the calls that
    /// user made or was called by.
    @Sendable func listCalls(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let user = request.uri.queryParameters.get("user").map { String($0) }
        let calls = activeCalls()
        let now = clock.now()
        let views = calls.calls.values
            .filter { call in user.map { call.start.caller == $0 || call.start.callee == $0 } ?? true }
            .sorted { a, b in
                a.start.at != b.start.at ? a.start.at < b.start.at : a.start.callID.utf8.lexicographicallyPrecedes(b.start.callID.utf8)
            }
            .map { Self.activeCallView($0, now: now) }
        return JSONResponse.make(
            .ok, ActiveCallList(calls: views, startedTotal: calls.startedTotal, answeredTotal: calls.answeredTotal, endedTotal: calls.endedTotal))
    }

    /// Ended calls read from the log, newest end first, as call detail records; `from`/`to`
    /// bound when the end was recorded, `before` pages (the previous page's `next`).
    @Sendable func callHistory(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var history = CallHistoryQuery(limit: try Self.pageLimit(query))
        for (name, keyPath) in [("from", \CallHistoryQuery.since), ("to", \CallHistoryQuery.until)] {
            guard let text = query.get(name) else { continue }
            guard let time = EventJSON.parseTime(String(text)) else {
                throw APIError.invalidParameter(name, "must be an RFC 3339 time or microseconds since the epoch")
            }
            history[keyPath: keyPath] = time
        }
        history.user = query.get("user").map { String($0) }
        if let text = query.get("cause") {
            guard let cause = CallEndCause(rawValue: String(text)) else {
                throw APIError.invalidParameter("cause", "must be one of \(CallEndCause.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            history.cause = cause
        }
        if let text = query.get("before") {
            guard let before = Int64(text), before >= 1 else { throw APIError.invalidParameter("before", "must be a position, an integer ≥ 1") }
            history.before = before
        }
        let page = try CallHistory(log: log).page(history)
        return JSONResponse.make(.ok, CallHistoryView(calls: page.records.map(Self.callRecordView), next: page.next))
    }

    static func activeCallView(_ call: ActiveCall, now: Int64) -> ActiveCallView {
        let start = call.start
        return ActiveCallView(
            callID: start.callID, kind: start.kind.rawValue, caller: start.caller, callerTerminal: start.callerTerminal,
            callerSource: start.callerSource, dialled: start.dialled, callee: start.callee, state: call.answer == nil ? "ringing" : "answered",
            startedAt: RFC3339Timestamp.string(microsecondsSinceEpoch: start.at),
            answeredAt: call.answer.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0.at) }, answeringTerminal: call.answer?.terminal,
            contact: call.answer?.contact, durationSeconds: call.answer.map { secondsLeft(until: now, now: $0.at) } ?? 0)
    }

    static func callRecordView(_ record: CallDetailRecord) -> CallRecordView {
        let start = record.start
        return CallRecordView(
            callID: record.end.callID, kind: start?.kind.rawValue, caller: start?.caller, callerTerminal: start?.callerTerminal,
            callerSource: start?.callerSource, dialled: start?.dialled, callee: start?.callee,
            startedAt: start.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0.at) },
            answeredAt: record.answer.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0.at) }, answeringTerminal: record.answer?.terminal,
            contact: record.answer?.contact, endedAt: RFC3339Timestamp.string(microsecondsSinceEpoch: record.end.at), cause: record.end.cause.rawValue,
            endedBy: record.end.endedBy.rawValue, durationMs: record.end.durationMs, terminals: record.end.terminals, position: record.position,
            relayed: record.answer?.relayed ?? false, callerSRTP: record.answer?.callerSRTP ?? false, calleeSRTP: record.answer?.calleeSRTP ?? false,
            relayedPackets: record.end.relayedPackets, lostPackets: record.end.lostPackets)
    }
}
