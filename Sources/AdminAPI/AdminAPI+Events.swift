import AsyncAlgorithms
import EventLog
import Foundation
import HTTPTypes
import Hummingbird

extension AdminAPI {
    /// Largest page of `GET /api/v1/events`.
    static let maximumPage = 1000

    @Sendable func listEvents(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let after = try Self.position(query.get("after"), name: "after") ?? 0
        let limit = try Self.pageLimit(query)
        let filter = try Self.filter(query)
        let head = log.head
        let events = try log.read(after: after, limit: limit, filter: filter)
        return JSONResponse.make(.ok, bytes: EventJSON.page(events, head: head, next: events.count == limit ? events.last!.position : nil))
    }

    @Sendable func getEvent(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let text = try context.parameters.require("position")
        guard let position = Int64(text), position > 0 else {
            throw APIError.invalidParameter("position", "a log position, a whole number from 1")
        }
        guard let event = try log.event(at: position) else {
            throw APIError(status: .notFound, code: "event_not_found", message: "no event at position \(text)", details: ["position": text])
        }
        return JSONResponse.make(.ok, bytes: EventJSON.bytes(event))
    }

    /// The SSE feed: the backlog after `Last-Event-ID` (or `?after=`), then live.
    @Sendable func eventFeed(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        // Both are checked: a malformed `after` is refused even when `Last-Event-ID` wins.
        let resume = try Self.position(request.headers[.lastEventID], name: "Last-Event-ID")
        let requested = try Self.position(query.get("after"), name: "after")
        let after = resume ?? requested ?? 0
        let filter = EventFilter(typePrefix: query.get("type"))
        guard let connection = feed.open(log: log, after: after, filter: filter) else {
            throw APIError(status: .serviceUnavailable, code: "shutting_down", message: "the server is shutting down")
        }
        return feedResponse(connection)
    }

    /// Streams an open feed connection as `text/event-stream` until it ends.
    func feedResponse(_ connection: (id: UUID, messages: AsyncChannel<ByteBuffer>)) -> Response {
        let feed = self.feed
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                defer { feed.release(connection.id) }
                for await message in connection.messages {
                    try await writer.write(message)
                }
                try await writer.finish(nil)
            })
    }

    /// `?limit=`: 1 to ``maximumPage``, 100 when absent.
    static func pageLimit(_ query: Parameters) throws -> Int {
        guard let text = query.get("limit") else { return 100 }
        guard let value = Int(text), (1...Self.maximumPage).contains(value) else {
            throw APIError.invalidParameter("limit", "must be an integer from 1 to \(Self.maximumPage)")
        }
        return value
    }

    static func position(_ text: (some StringProtocol)?, name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.invalidParameter(name, "must be a position, an integer ≥ 0")
        }
        return value
    }

    static func filter(_ query: Parameters) throws -> EventFilter {
        var filter = EventFilter()
        filter.stream = query.get("stream")
        filter.typePrefix = query.get("type")
        filter.actor = query.get("actor")
        for (name, keyPath) in [("since", \EventFilter.since), ("until", \EventFilter.until)] {
            guard let text = query.get(name) else { continue }
            guard let time = EventJSON.parseTime(String(text)) else {
                throw APIError.invalidParameter(name, "must be an RFC 3339 time or microseconds since the epoch")
            }
            filter[keyPath: keyPath] = time
        }
        return filter
    }
}
