import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The admin API as the CLI calls it; an error answer is printed as the server's message, which
/// names the rule that was broken.
struct AdminClient: Sendable {
    let base: URL

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends a request and returns the decoded JSON object (nil for an empty body).
    @discardableResult
    func send(_ method: String, _ path: String, body: [String: Any]? = nil, query: [URLQueryItem] = []) async throws -> Any? {
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(description: "cannot reach the server at \(base.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data)
        guard (200..<300).contains(status) else {
            let message = (object as? [String: Any])?["message"] as? String ?? String(decoding: data, as: UTF8.self)
            throw Failure(description: "HTTP \(status): \(message)")
        }
        return object
    }

    /// Follows the server-sent-events feed, handing each message's `data:` to `body`.
    func follow(_ path: String, after: Int64, _ body: @escaping @Sendable (String) -> Void) async throws {
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "after", value: String(after))]
        let lines = AsyncStream<String> { continuation in
            let delegate = FeedReader(continuation: continuation)
            let session = URLSession(configuration: .default, delegate: delegate, delegateQueue: nil)
            var request = URLRequest(url: components.url!)
            // An idle timeout, not a total one: the server sends a comment every 15 s while quiet.
            // (FoundationNetworking converts it to whole milliseconds, so it must stay finite.)
            request.timeoutInterval = 120
            session.dataTask(with: request).resume()
            continuation.onTermination = { _ in session.invalidateAndCancel() }
        }
        for await line in lines where line.hasPrefix("data: ") {
            body(String(line.dropFirst(6)))
        }
    }
}

/// Splits the feed's bytes into lines as they arrive.
private final class FeedReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // URLSession calls a delegate serially on its own queue, so `pending` is touched by one
    // thread at a time; that is why the class is @unchecked Sendable.
    private let continuation: AsyncStream<String>.Continuation
    private var pending = Data()

    init(continuation: AsyncStream<String>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.append(data)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
            pending.removeSubrange(pending.startIndex...newline)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error { FileHandle.standardError.write(Data("feed ended: \(error.localizedDescription)\n".utf8)) }
        continuation.finish()
    }
}
