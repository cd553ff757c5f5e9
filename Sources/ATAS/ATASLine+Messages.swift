import Domain
import EventLog
import EventMessages

extension ATASLine {
    /// An `event_message` notification (docs/atas.md, "Event messages"): `id` is the
    /// occurrence's log position, the alarm server's key for recognising a repeat.
    static func eventMessage(_ delivery: EventMessageDelivery) -> ATASLine {
        let message = delivery.message
        var line = ATASLine(type: "event_message")
        line.set("id", .integer(delivery.position))
        line.set("number", .integer(message.number))
        line.set("code", .integer(Int64(message.code)))
        line["key"] = message.type
        line["name"] = delivery.eventType?.name ?? message.type
        line["severity"] = message.severity.rawValue
        line["polarity"] = message.polarity.rawValue
        line.set("parameters", .strings(message.parameters))
        line.set("node", .integer(Int64(message.node)))
        line["at"] = RFC3339Timestamp.string(microsecondsSinceEpoch: message.at)
        line.set("simulated", .bool(message.simulated))
        return line
    }

    /// The answer to a `show_text`: one entry per user, in the order asked.
    static func showTextResult(request: String, results: [(user: String, outcome: ATASTextOutcome)]) -> ATASLine {
        var line = ATASLine(type: "show_text_result")
        line["request"] = request
        line.set(
            "results",
            .objects(
                results.map { user, outcome in
                    var entry: [String: Value] = [
                        "user": .string(user), "outcome": .string(outcome.name), "terminals": .integer(Int64(outcome.terminals)),
                    ]
                    if case .refused(_, let status) = outcome { entry["sipStatus"] = .integer(Int64(status)) }
                    return entry
                }))
        return line
    }
}
