import EventLog
import Foundation

/// The JSON form of an event envelope in the API and the feed; the payload is embedded as an
/// object, the hash as hex, the time both as microseconds (`at`) and RFC 3339 (`time`).
enum EventJSON {
    static func object(_ event: EventEnvelope) -> [String: Any] {
        var payload = (try? JSONSerialization.jsonObject(with: Data(event.payload.utf8), options: [.fragmentsAllowed])) ?? event.payload
        if var object = payload as? [String: Any] {
            for field in sealedFields where object[field] != nil { object[field] = "[sealed]" }
            payload = object
        }
        return [
            "position": event.position,
            "id": event.id.uuidString.lowercased(),
            "stream": event.stream,
            "version": event.version,
            "type": event.type,
            "schema": event.schema,
            "at": event.at,
            "time": RFC3339Timestamp.string(microsecondsSinceEpoch: event.at),
            "actor": event.actor,
            "source": event.source,
            "correlation": event.correlation.map { $0.uuidString.lowercased() as Any } ?? NSNull(),
            "causation": event.causation.map { $0.uuidString.lowercased() as Any } ?? NSNull(),
            "payload": payload,
            "hash": event.hashHex,
        ]
    }

    /// Payload fields that hold sealed secrets (terminal passwords, account password hashes).
    /// They are encrypted already; the API leaves them out all the same, so nothing that
    /// derives from a password ever leaves the server (issue 4).
    static let sealedFields = ["password", "passwordHash", "communities", "authPassphrases", "privPassphrases",
                               "snmpCommunity", "snmpAuthPassphrase", "snmpPrivPassphrase", "webhookSecret"]

    /// Accepts microseconds since the epoch or an RFC 3339 timestamp.
    static func parseTime(_ text: String) -> Int64? {
        if let micros = Int64(text) { return micros }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) * 1_000_000 }
        return nil
    }
}
