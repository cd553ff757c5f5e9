import AdminModels
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix

extension AdminAPI {
    /// "Who changed what, when, from where": the log filtered by actor, area, type and time,
    /// in position order. `area` selects the event types of one administration area.
    @Sendable func auditQuery(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var after = try Self.position(query.get("after"), name: "after") ?? 0
        let limit = try Self.pageLimit(query)
        var prefixes: [String]? = nil
        if let text = query.get("area") {
            guard let area = AdministrationArea(rawValue: String(text)) else {
                throw APIError.invalidParameter("area", "one of " + AdministrationArea.allCases.map(\.rawValue).joined(separator: ", "))
            }
            prefixes = area.eventTypePrefixes
        }
        let filter = try Self.filter(query)
        let head = log.head
        var matches: [EventEnvelope] = []
        // An area spans several type prefixes: read pages with the other filters and keep the
        // area's events until the page is full or the log is exhausted.
        while matches.count < limit {
            let page = try log.read(after: after, limit: Self.maximumPage, filter: filter)
            for event in page where prefixes.map({ $0.contains(where: event.type.hasPrefix) }) ?? true {
                matches.append(event)
                if matches.count == limit { break }
            }
            guard page.count == Self.maximumPage, let last = page.last else { break }
            after = last.position
        }
        return JSONResponse.make(.ok, bytes: EventJSON.page(matches, head: head, next: matches.count == limit ? matches.last!.position : nil))
    }

    /// Walks the hash chain of the whole log (`callplane audit verify` without `--data-dir`).
    @Sendable func auditVerify(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        // Hashes the whole chain: blocking work, kept off the cooperative pool.
        switch try await NIOThreadPool.singleton.runIfActive({ [log] in try log.verify() }) {
        case let .intact(events, head):
            return JSONResponse.make(.ok, ChainVerificationView.intact(verified: events, head: head))
        case let .broken(position, reason):
            return JSONResponse.make(.ok, ChainVerificationView.broken(at: position, reason: reason))
        }
    }
}
