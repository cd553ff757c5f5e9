extension DomainEvent {
    private static let confirmationKeys: [StaticString] = ["identity", "number"]
    private static let filtersKeys: [StaticString] = ["filters", "table"]
    private static let kindSwitchKeys: [StaticString] = ["kind", "on"]

    static func readConfirmation(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> DomainEvent {
        var identity: String?, number: Int?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(confirmationKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: confirmationKeys) }
            switch key {
            case 0: identity = try reader.readString()
            case 1: number = try reader.readInteger()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let identity else { throw reader.missing("identity") }
        guard let number else { throw reader.missing("number") }
        return .eventMessageConfirmed(number: Int64(number), identity: identity)
    }

    static func readFilters(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> DomainEvent {
        var texts: [String: String]?, table: Int?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(filtersKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: filtersKeys) }
            switch key {
            case 0: texts = try reader.readStringMap()
            case 1: table = try reader.readInteger()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let texts else { throw reader.missing("filters") }
        guard let table else { throw reader.missing("table") }
        var filters: [String: EventTableFilter] = [:]
        for (type, text) in texts {
            guard let filter = EventTableFilter(payloadText: text) else {
                throw reader.invalid("filters", "\"\(text)\" is not none, every or custom:<frequency>:<hours>")
            }
            filters[type] = filter
        }
        return .eventFiltersSet(table: table, filters: filters)
    }

    static func readKindSwitch(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> DomainEvent {
        var kind: SignalDestinationKind?, on: Bool?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(kindSwitchKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: kindSwitchKeys) }
            switch key {
            case 0:
                guard let value = SignalDestinationKind(rawValue: try reader.readString()) else { throw reader.invalid("kind", "unknown destination kind") }
                kind = value
            case 1: on = try reader.readBool()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let kind else { throw reader.missing("kind") }
        guard let on else { throw reader.missing("on") }
        return .destinationKindSwitched(kind: kind, on: on)
    }
}
