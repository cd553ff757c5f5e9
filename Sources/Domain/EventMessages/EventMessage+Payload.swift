extension EventMessage {
    private static let keys: [StaticString] = [
        "activeNumber", "at", "code", "destinations", "node", "number", "parameters", "polarity",
        "severity", "simulated", "tables", "target", "type",
    ]

    func writePayload(into json: inout CanonicalJSON) {
        if let activeNumber { json.field("activeNumber", activeNumber) }
        json.field("at", at)
        json.field("code", code)
        json.field("destinations", destinations)
        json.field("node", node)
        json.field("number", number)
        json.field("parameters", parameters)
        json.field("polarity", polarity.rawValue)
        json.field("severity", severity.rawValue)
        json.field("simulated", simulated)
        json.field("tables", tables)
        json.field("target", target)
        json.field("type", type)
    }

    static func readPayload(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> EventMessage {
        var at: Int?, code: Int?, destinations: [String]?, node: Int?, number: Int?, parameters: [String: String]?
        var polarity: EventPolarity?, severity: EventSeverity?, simulated: Bool?, tables: [Int]?, target: String?, type: String?
        var activeNumber: Int?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(keys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: keys) }
            switch key {
            case 0: activeNumber = try reader.readInteger()
            case 1: at = try reader.readInteger()
            case 2: code = try reader.readInteger()
            case 3: destinations = try reader.readStringArray()
            case 4: node = try reader.readInteger()
            case 5: number = try reader.readInteger()
            case 6: parameters = try reader.readStringMap()
            case 7:
                guard let value = EventPolarity(rawValue: try reader.readString()) else { throw reader.invalid("polarity", "not negative, positive or none") }
                polarity = value
            case 8:
                guard let value = EventSeverity(rawValue: try reader.readString()) else { throw reader.invalid("severity", "not normal, serious or critical") }
                severity = value
            case 9: simulated = try reader.readBool()
            case 10: tables = try reader.readIntegerArray()
            case 11: target = try reader.readOptionalString()
            case 12: type = try reader.readString()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let at else { throw reader.missing("at") }
        guard let code else { throw reader.missing("code") }
        guard let destinations else { throw reader.missing("destinations") }
        guard let node else { throw reader.missing("node") }
        guard let number else { throw reader.missing("number") }
        guard let parameters else { throw reader.missing("parameters") }
        guard let polarity else { throw reader.missing("polarity") }
        guard let severity else { throw reader.missing("severity") }
        guard let simulated else { throw reader.missing("simulated") }
        guard let tables else { throw reader.missing("tables") }
        guard let type else { throw reader.missing("type") }
        return EventMessage(
            number: Int64(number), type: type, code: code, severity: severity, polarity: polarity,
            parameters: parameters, node: node, at: Int64(at), simulated: simulated,
            tables: tables, destinations: destinations, target: target, activeNumber: activeNumber.map(Int64.init))
    }
}
