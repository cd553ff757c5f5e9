import EventLog
import EventMessages
import Foundation

/// The JSON body of one webhook batch:
///
///     {"destination":"external","logWitness":"callplane-witness v1 41 9f…","messages":[{"at":"2026-01-01T00:00:00.000000Z","code":7,…}]}
///
/// Keys are sorted and the text has no white space, so the same batch always gives the same
/// bytes and a receiver may check the signature over the body exactly as it arrived. Each
/// message carries its log `position`, the receiver's key for recognising a re-delivery.
enum WebhookPayload {
    static func body(for batch: [EventMessageDelivery]) -> [UInt8] {
        var document: [String: Any] = [
            "destination": "external",
            "messages": batch.map(object(for:)),
        ]
        // The newest message's place in the log's chain: kept by the receiver, it is a witness
        // of the head that cutting the local log cannot reach (`events verify --witness`).
        if let witness = batch.last?.witness {
            document["logWitness"] = witness.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Only property-list types go in, so serialisation cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data)
    }

    private static func object(for delivery: EventMessageDelivery) -> [String: Any] {
        let message = delivery.message
        var object: [String: Any] = [
            "position": delivery.position,
            "number": message.number,
            "type": message.type,
            "code": message.code,
            "name": delivery.eventType?.name ?? message.type,
            "severity": message.severity.rawValue,
            "polarity": message.polarity.rawValue,
            "parameters": message.parameters,
            "node": message.node,
            "at": RFC3339Timestamp.string(microsecondsSinceEpoch: message.at),
            "simulated": message.simulated,
        ]
        object["target"] = message.target
        return object
    }
}
