import AdminModels
import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The admin API as the CLI calls it; an error answer is printed as the server's message, which
/// names the rule that was broken.
///
/// Every route but the public ones needs a session (manual §5.3), so the client carries the
/// token `callplane login` obtained (``ServerOptions/client`` finds it) and sends it as
/// `Authorization: Bearer` on each request, the event feed included. The token is never printed:
/// it is as good as the password until the session ends.
struct AdminClient: Sendable {
    let base: URL
    var token: String?

    init(base: URL, token: String? = nil) {
        self.base = base
        self.token = token
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// The HTTP status of a refusal (0 when the server was not reached).
        var status = 0
        /// The API's error code, e.g. `session_expired`, when the answer had one.
        var code: String?

        /// A refusal as the user should read it: the server's message, and for the two
        /// refusals a user can cure at once, the command that cures it.
        static func answer(status: Int, body data: Data) -> Failure {
            let error = try? JSONDecoder().decode(ErrorBody.self, from: data)
            let code = error?.code
            var message = error?.message ?? String(decoding: data, as: UTF8.self)
            switch code {
            case "unauthenticated", "session_expired": message += " (run `callplane login`)"
            case "password_change_required": message += " (run `callplane password`)"
            default: break
            }
            return Failure(description: "HTTP \(status): \(message)", status: status, code: code)
        }
    }

    /// Sends a request and decodes the answer as the API's typed model `T` (AdminModels).
    func decode<T: Decodable>(_ type: T.Type, _ method: String = "GET", _ path: String, query: [URLQueryItem] = []) async throws -> T {
        try Self.decode(T.self, try await exchange(method, path, body: nil, query: query), method, path)
    }

    /// Sends a request body (a model of AdminModels) and decodes the answer as `T`. `ifMatch`
    /// is the entity version the body was made from: a change made by someone else in between
    /// is then refused (409 `version_conflict`) instead of overwritten.
    func decode<T: Decodable>(_ type: T.Type, _ method: String, _ path: String, body: some Encodable, ifMatch: Int64? = nil) async throws -> T {
        try Self.decode(T.self, try await exchange(method, path, body: try JSONEncoder().encode(body), query: [], ifMatch: ifMatch), method, path)
    }

    /// Sends a request whose answer the command does not need (a delete, a switch).
    func send(_ method: String, _ path: String) async throws {
        _ = try await exchange(method, path, body: nil, query: [])
    }

    func send(_ method: String, _ path: String, body: some Encodable) async throws {
        _ = try await exchange(method, path, body: try JSONEncoder().encode(body), query: [])
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ method: String, _ path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw Failure(description: "the server's answer to \(method) \(path) is not a \(T.self): \(error)")
        }
    }

    private func exchange(_ method: String, _ path: String, body: Data?, query: [URLQueryItem], ifMatch: Int64? = nil) async throws -> Data {
        var request = URLRequest(url: try url(path, query: query))
        request.httpMethod = method
        authorize(&request)
        if let ifMatch { request.setValue("\"\(ifMatch)\"", forHTTPHeaderField: "If-Match") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(description: "cannot reach the server at \(base.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw Failure.answer(status: status, body: data) }
        return data
    }

    /// Pages through an event list (`/api/v1/events`, `/api/v1/audit`) oldest first, 1,000 at a
    /// time, handing each event to `body`; `limit` caps the total, and `filters` with a value
    /// become query parameters.
    func forEachEvent(
        _ path: String, after: Int64 = 0, limit: Int?, filters: [(String, String?)],
        _ body: (EventView) throws -> Void
    ) async throws {
        var position = after
        var remaining = limit ?? .max
        while remaining > 0 {
            var query = [URLQueryItem(name: "after", value: String(position)), URLQueryItem(name: "limit", value: String(min(remaining, 1000)))]
            for (name, value) in filters {
                if let value { query.append(URLQueryItem(name: name, value: value)) }
            }
            let page = try await decode(EventPage.self, "GET", path, query: query)
            for event in page.events { try body(event) }
            remaining -= page.events.count
            guard let next = page.next, !page.events.isEmpty else { break }
            position = next
        }
    }

    /// Follows the server-sent-events feed, handing each message's `data:` to `body`.
    ///
    /// A refused feed (an expired session, a profile without the right) ends with the server's
    /// message as the error, so the command fails instead of ending quietly with status 0.
    func follow(_ path: String, after: Int64, _ body: @escaping @Sendable (String) -> Void) async throws {
        var request = URLRequest(url: try url(path, query: [URLQueryItem(name: "after", value: String(after))]))
        authorize(&request)
        // An idle timeout, not a total one: the server sends a comment every 15 s while quiet.
        // (FoundationNetworking converts it to whole milliseconds, so it must stay finite.)
        request.timeoutInterval = 120
        let lines = AsyncThrowingStream<String, Error> { [request] continuation in
            let delegate = FeedReader(continuation: continuation)
            let session = URLSession(configuration: .default, delegate: delegate, delegateQueue: nil)
            session.dataTask(with: request).resume()
            continuation.onTermination = { _ in session.invalidateAndCancel() }
        }
        for try await line in lines where line.hasPrefix("data: ") {
            body(String(line.dropFirst(6)))
        }
    }

    /// One path segment, percent-encoded: account names may hold `/ ? #` and spaces (§5.3.1.1),
    /// which would otherwise split the path or end it.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `path` is appended to the base as it stands, except that characters a path cannot hold
    /// are encoded; `%` is left alone so that a ``segment(_:)`` stays encoded exactly once.
    private func url(_ path: String, query: [URLQueryItem]) throws -> URL {
        var allowed = CharacterSet.urlPathAllowed
        allowed.insert("%")
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard var components = URLComponents(string: text + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)) else {
            throw Failure(description: "cannot make a URL of \(base.absoluteString) and \(path)")
        }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw Failure(description: "cannot make a URL of \(base.absoluteString) and \(path)") }
        return url
    }

    private func authorize(_ request: inout URLRequest) {
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    }
}

/// Splits the feed's bytes into lines as they arrive.
private final class FeedReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // URLSession calls a delegate serially on its own queue, so `pending` is touched by one
    // thread at a time; that is why the class is @unchecked Sendable.
    private let continuation: AsyncThrowingStream<String, Error>.Continuation
    private var pending = Data()

    init(continuation: AsyncThrowingStream<String, Error>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.append(data)
        // A refusal's body is one JSON error, kept whole for the error at the end.
        guard Self.accepted(dataTask) else { return }
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
            pending.removeSubrange(pending.startIndex...newline)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error {
            FileHandle.standardError.write(Data("feed ended: \(error.localizedDescription)\n".utf8))
        } else if !Self.accepted(task) {
            continuation.finish(throwing: AdminClient.Failure.answer(status: (task.response as? HTTPURLResponse)?.statusCode ?? 0, body: pending))
            return
        }
        continuation.finish()
    }

    private static func accepted(_ task: URLSessionTask) -> Bool {
        guard let status = (task.response as? HTTPURLResponse)?.statusCode else { return true }
        return (200..<300).contains(status)
    }
}
