extension CallFact {
    private static let startedKeys: [StaticString] = ["at", "callID", "callee", "caller", "callerSource", "callerTerminal", "dialled", "kind"]
    private static let answeredKeys: [StaticString] = ["at", "callID", "calleeSRTP", "callerSRTP", "contact", "relayed", "terminal"]
    private static let endedKeys: [StaticString] = ["at", "callID", "cause", "durationMs", "endedBy", "lostPackets", "relayedPackets", "terminals"]

    /// Reads a call fact, `nil` for a type of another family. A `kind`, `cause` or `endedBy` this
    /// build does not know is refused (`EventDecodingError` naming the member and the value):
    /// read as another value it would silently change the history a CDR reader sees.
    public static func decode(type: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> CallFact? {
        let name: String
        if JSONReader.matches(type, "call.started") {
            name = startedType
        } else if JSONReader.matches(type, "call.answered") {
            name = answeredType
        } else if JSONReader.matches(type, "call.ended") {
            name = endedType
        } else {
            return nil
        }
        var reader = JSONReader(payload)
        do throws(JSONReader.ReadError) {
            switch name {
            case startedType: return .started(try readStarted(&reader))
            case answeredType: return .answered(try readAnswered(&reader))
            default: return .ended(try readEnded(&reader))
            }
        } catch {
            throw EventDecodingError(type: name, schema: 1, reason: error.description)
        }
    }

    /// The String form, for tests and the API.
    public static func decode(type: String, payload: String) throws(EventDecodingError) -> CallFact? {
        let typeBytes = Array(type.utf8)
        let payloadBytes = Array(payload.utf8)
        let result: Result<CallFact?, EventDecodingError> = typeBytes.withUnsafeBufferPointer { typeBuffer in
            payloadBytes.withUnsafeBufferPointer { payloadBuffer in
                Result { () throws(EventDecodingError) in try decode(type: typeBuffer, payload: payloadBuffer) }
            }
        }
        return try result.get()
    }

    private static func readStarted(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> CallStart {
        let keys = startedKeys
        var at: Int?, callID: String?, callee: String?, caller: String?, callerSource: String?, callerTerminal: Int?, dialled: String?
        var kind: CallKind?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(keys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: keys) }
            switch key {
            case 0: at = try reader.readInteger()
            case 1: callID = try reader.readString()
            case 2: callee = try reader.readOptionalString()
            case 3: caller = try reader.readOptionalString()
            case 4: callerSource = try reader.readString()
            case 5: callerTerminal = try reader.readNull() ? nil : try reader.readInteger()
            case 6: dialled = try reader.readString()
            case 7: kind = try readEnumeration(&reader, "kind", as: CallKind.self)
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let at else { throw reader.missing("at") }
        guard let callID else { throw reader.missing("callID") }
        guard let callerSource else { throw reader.missing("callerSource") }
        guard let dialled else { throw reader.missing("dialled") }
        guard let kind else { throw reader.missing("kind") }
        return CallStart(
            callID: callID, caller: caller, callerTerminal: callerTerminal, callerSource: callerSource, dialled: dialled, callee: callee, kind: kind,
            at: Int64(at))
    }

    private static func readAnswered(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> CallAnswer {
        let keys = answeredKeys
        var at: Int?, callID: String?, contact: String?, terminal: Int?
        var calleeSRTP = false, callerSRTP = false, relayed = false
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(keys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: keys) }
            switch key {
            case 0: at = try reader.readInteger()
            case 1: callID = try reader.readString()
            case 2: calleeSRTP = try reader.readBool()
            case 3: callerSRTP = try reader.readBool()
            case 4: contact = try reader.readString()
            case 5: relayed = try reader.readBool()
            case 6: terminal = try reader.readNull() ? nil : try reader.readInteger()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let at else { throw reader.missing("at") }
        guard let callID else { throw reader.missing("callID") }
        guard let contact else { throw reader.missing("contact") }
        return CallAnswer(
            callID: callID, terminal: terminal, contact: contact, at: Int64(at), relayed: relayed, callerSRTP: callerSRTP, calleeSRTP: calleeSRTP)
    }

    private static func readEnded(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> CallEnd {
        let keys = endedKeys
        var at: Int?, callID: String?, cause: CallEndCause?, durationMs: Int?, endedBy: CallEndedBy?, terminals: [Int]?
        var lost: Int?, relayed: Int?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(keys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: keys) }
            switch key {
            case 0: at = try reader.readInteger()
            case 1: callID = try reader.readString()
            case 2: cause = try readEnumeration(&reader, "cause", as: CallEndCause.self)
            case 3: durationMs = try reader.readInteger()
            case 4: endedBy = try readEnumeration(&reader, "endedBy", as: CallEndedBy.self)
            case 5: lost = try reader.readInteger()
            case 6: relayed = try reader.readInteger()
            case 7: terminals = try reader.readIntegerArray()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let at else { throw reader.missing("at") }
        guard let callID else { throw reader.missing("callID") }
        guard let cause else { throw reader.missing("cause") }
        guard let durationMs else { throw reader.missing("durationMs") }
        guard durationMs >= 0 else { throw reader.invalid("durationMs", "a duration is never negative, found \(durationMs)") }
        guard let endedBy else { throw reader.missing("endedBy") }
        guard let terminals else { throw reader.missing("terminals") }
        return CallEnd(
            callID: callID, cause: cause, endedBy: endedBy, durationMs: Int64(durationMs), terminals: terminals, at: Int64(at), relayedPackets: relayed,
            lostPackets: lost)
    }

    /// A closed set stored by raw value: anything else names the member, the value and the set.
    private static func readEnumeration<Value: RawRepresentable & CaseIterable>(
        _ reader: inout JSONReader, _ key: StaticString, as: Value.Type
    ) throws(JSONReader.ReadError) -> Value where Value.RawValue == String {
        let text = try reader.readString()
        guard let value = Value(rawValue: text) else {
            let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.invalid(key, "unknown value \"\(text)\" (one of \(known))")
        }
        return value
    }
}
