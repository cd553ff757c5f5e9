import AdminModels

/// One line the server sends (docs/atas.md, "Transport and framing"): a JSON object with its
/// `type`, written as UTF-8 and ended by LF.
///
/// Members are kept as JSON values in a dictionary so each message type is a few assignments
/// where it is built; `nil` leaves a member out.
struct ATASLine: Sendable {
    enum Value: Sendable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case strings([String: String])
        case objects([[String: Value]])
    }

    private(set) var members: [String: Value]

    init(type: String) { members = ["type": .string(type)] }

    subscript(_ key: String) -> String? {
        get { if case .string(let value) = members[key] { value } else { nil } }
        set { members[key] = newValue.map(Value.string) }
    }

    mutating func set(_ key: String, _ value: Value?) { members[key] = value }

    /// The line's bytes, LF included; keys sorted so equal lines are equal bytes. Written with
    /// the API's `JSONWriter` rather than `JSONEncoder`: an alarm server gets one line per event
    /// message, and Foundation's encoder is the slow way to make one.
    func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        Self.write(object: members, to: &writer)
        var bytes = writer.bytes
        bytes.append(0x0A)
        return bytes
    }

    private static func write(object: [String: Value], to writer: inout JSONWriter) {
        writer.beginObject()
        for key in object.keys.sorted() {
            writer.key(dynamic: key)
            write(value: object[key]!, to: &writer)
        }
        writer.endObject()
    }

    private static func write(value: Value, to writer: inout JSONWriter) {
        switch value {
        case .string(let string): writer.string(string)
        case .integer(let integer): writer.integer(integer)
        case .bool(let bool): writer.bool(bool)
        case .strings(let strings): writer.stringMap(strings)
        case .objects(let objects):
            writer.beginArray()
            for object in objects { write(object: object, to: &writer) }
            writer.endArray()
        }
    }
}
