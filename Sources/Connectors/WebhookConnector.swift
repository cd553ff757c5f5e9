import CCurl
import Dispatch
import Domain
import EventLog
import EventMessages

/// The external signal destination as an HTTPS webhook (manual §6.3.1.3, "External signal
/// destinations": a primary and an alternative destination).
///
/// Each batch is one signed POST. The alternative URL is tried only when the primary did not
/// take the batch; when neither did, the batch is refused with the cause the manual's
/// "… destination not reachable" message reports, taken from the primary (the alternative is
/// the fallback, the primary is what the administrator configured first).
public struct WebhookConnector: SignalDestinationAdapter {
    public let settings: WebhookSettings
    private let secret: String
    private let clock: any WallClock
    private let timeoutSeconds: Int
    /// libcurl blocks its thread for a whole transfer; a serial queue of the connector's own
    /// keeps that off Swift's cooperative pool, and one destination sends one batch at a time.
    private let queue: DispatchQueue

    /// - Parameter secret: the signing key, already unsealed.
    /// - Parameter timeoutSeconds: limit of one attempt, connect to last byte, per URL.
    public init(settings: WebhookSettings, secret: String, clock: any WallClock, timeoutSeconds: Int = 10) {
        self.settings = settings
        self.secret = secret
        self.clock = clock
        self.timeoutSeconds = timeoutSeconds
        self.queue = DispatchQueue(label: "callplane.webhook")
    }

    public func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        guard let first = batch.first, let last = batch.last else { return }
        let body = WebhookPayload.body(for: batch)
        let timestamp = clock.now() / 1_000_000
        let headers = [
            "Content-Type: application/json",
            "Callplane-Timestamp: \(timestamp)",
            "Callplane-Signature: \(WebhookSignature.header(secret: secret, timestamp: timestamp, body: body))",
            // Rule 3 of docs/architecture.md: positions are the idempotency key; a re-delivered batch has the same.
            "Idempotency-Key: \(first.position)-\(last.position)",
        ]
        let primary = await post(to: settings.primaryURL, headers: headers, body: body)
        if primary.isSuccess { return }
        guard let alternativeURL = settings.alternativeURL else {
            throw DeliveryFailure(Self.cause(of: primary), "primary \(settings.primaryURL): \(Self.describe(primary))")
        }
        let alternative = await post(to: alternativeURL, headers: headers, body: body)
        if alternative.isSuccess { return }
        throw DeliveryFailure(
            Self.cause(of: primary),
            "primary \(settings.primaryURL): \(Self.describe(primary)); alternative \(alternativeURL): \(Self.describe(alternative))")
    }

    public func close() async {}

    private func post(to url: String, headers: [String], body: [UInt8]) async -> CurlPost.Outcome {
        let request = CurlPost(url: url, headers: headers, body: body, caFile: settings.caFile, timeoutSeconds: timeoutSeconds)
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: request.perform()) }
        }
    }

    /// Tab. 24's causes: a receiver that is there but cannot take it now is *busy* (429, 503), one
    /// that refuses our credentials is *barred* (401, 403), one we cannot reach is *not
    /// available*; anything else (a wrong URL, an unexpected answer) is *not defined*.
    static func cause(of outcome: CurlPost.Outcome) -> DeliveryFailure.Cause {
        switch outcome {
        case .response(let status, _):
            switch status {
            case 429, 503: .busy
            case 401, 403: .barred
            default: .notDefined
            }
        case .transferFailed(let code, _):
            switch code {
            case Int(CURLE_URL_MALFORMAT.rawValue), Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue): .notDefined
            default: .notAvailable
            }
        }
    }

    private static func describe(_ outcome: CurlPost.Outcome) -> String {
        switch outcome {
        case .response(let status, let body):
            let excerpt = body.trimmingPrefix(while: \.isWhitespace).prefix(200)
            return excerpt.isEmpty ? "HTTP \(status)" : "HTTP \(status) (\(excerpt))"
        case .transferFailed(let code, let message):
            return "\(message) (curl error \(code))"
        }
    }
}
