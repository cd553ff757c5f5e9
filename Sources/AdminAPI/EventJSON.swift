import EventLog
import Foundation

/// The JSON form of an event envelope in the API and the feed; the payload is embedded as an
/// object, the hash as hex, the time both as microseconds (`at`) and RFC 3339 (`time`).
enum EventJSON {
    static func object(_ event: EventEnvelope) -> [String: Any] {
        let payload = (try? JSONSerialization.jsonObject(with: Data(event.payload.utf8), options: [.fragmentsAllowed])) ?? event.payload
        return [
            "position": event.position,
            "id": event.id.uuidString.lowercased(),
            "stream": event.stream,
            "version": event.version,
            "type": event.type,
            "schema": event.schema,
            "at": event.at,
            "time": rfc3339(event.at),
            "actor": event.actor,
            "source": event.source,
            "correlation": event.correlation.map { $0.uuidString.lowercased() as Any } ?? NSNull(),
            "causation": event.causation.map { $0.uuidString.lowercased() as Any } ?? NSNull(),
            "payload": payload,
            "hash": event.hashHex,
        ]
    }

    static func rfc3339(_ microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        let micros = Int(microseconds % 1_000_000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros
        )
    }

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
