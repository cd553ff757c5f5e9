/// One member of a record's canonical payload: its key, whether a stored payload must have it,
/// and how it is read into the record and written from it.
///
/// A record declares its members once, as a ``PayloadFields`` table; reading, canonical writing
/// and the key order are derived from that table (docs/architecture.md, "Event types"), so a
/// new member is one line and cannot renumber the others.
public struct PayloadField<Record: Sendable>: Sendable {
    let key: StaticString
    let required: Bool
    let read: @Sendable (inout JSONReader, inout Record) throws(JSONReader.ReadError) -> Void
    let write: @Sendable (Record, inout CanonicalJSON) -> Void

    /// A required member: `read` takes its value from the reader, `write` puts it under `key`.
    static func member<Value>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Value> & Sendable,
        read: @escaping @Sendable (inout JSONReader) throws(JSONReader.ReadError) -> Value,
        write: @escaping @Sendable (inout CanonicalJSON, StaticString, Value) -> Void
    ) -> Self {
        Self(key: key, required: true, read: { reader, record throws(JSONReader.ReadError) in record[keyPath: path] = try read(&reader) }) {
            record, json in
            write(&json, key, record[keyPath: path])
        }
    }

    /// An optional member: left out of the payload when `nil`; `null` is read as `nil` too.
    static func optionalMember<Value>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Value?> & Sendable,
        read: @escaping @Sendable (inout JSONReader) throws(JSONReader.ReadError) -> Value,
        write: @escaping @Sendable (inout CanonicalJSON, StaticString, Value) -> Void
    ) -> Self {
        Self(
            key: key, required: false,
            read: { reader, record throws(JSONReader.ReadError) in
                reader.skipWhitespace()
                if reader.peek() == UInt8(ascii: "n") {
                    try reader.literal("null")
                    record[keyPath: path] = nil
                } else {
                    record[keyPath: path] = try read(&reader)
                }
            }
        ) { record, json in
            if let value = record[keyPath: path] { write(&json, key, value) }
        }
    }

    public static func string(_ key: StaticString, _ path: WritableKeyPath<Record, String> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readString() }) { $0.field($1, $2) }
    }

    public static func optionalString(_ key: StaticString, _ path: WritableKeyPath<Record, String?> & Sendable) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readString() }) { $0.field($1, $2) }
    }

    /// An integer, refused outside `range` when one is given (a value `decide` never writes).
    public static func integer(_ key: StaticString, _ path: WritableKeyPath<Record, Int> & Sendable, range: ClosedRange<Int>? = nil) -> Self {
        member(
            key, path,
            read: { reader throws(JSONReader.ReadError) in
                let value = try reader.readInteger()
                if let range, !range.contains(value) { throw reader.invalid(key, "\(value) is outside \(range.lowerBound)…\(range.upperBound)") }
                return value
            }
        ) { $0.field($1, $2) }
    }

    public static func optionalInteger(_ key: StaticString, _ path: WritableKeyPath<Record, Int?> & Sendable) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readInteger() }) { $0.field($1, $2) }
    }

    public static func integer(_ key: StaticString, _ path: WritableKeyPath<Record, Int64> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in Int64(try reader.readInteger()) }) { $0.field($1, $2) }
    }

    public static func optionalInteger(_ key: StaticString, _ path: WritableKeyPath<Record, Int64?> & Sendable) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in Int64(try reader.readInteger()) }) { $0.field($1, $2) }
    }

    public static func bool(_ key: StaticString, _ path: WritableKeyPath<Record, Bool> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readBool() }) { $0.field($1, $2) }
    }

    /// A sealed secret, stored in its sealed form only; the events API masks every value in that
    /// form, so a member declared with this kind can never show a secret.
    public static func sealed(_ key: StaticString, _ path: WritableKeyPath<Record, SealedSecret> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in SealedSecret(text: try reader.readString()) }) { $0.field($1, $2.text) }
    }

    public static func optionalSealed(_ key: StaticString, _ path: WritableKeyPath<Record, SealedSecret?> & Sendable) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in SealedSecret(text: try reader.readString()) }) { $0.field($1, $2.text) }
    }

    /// A value of a closed set stored by its name (a transport, a notification kind); a name
    /// outside the set is refused with the names allowed.
    public static func name<Value: RawRepresentable & CaseIterable & Sendable>(_ key: StaticString, _ path: WritableKeyPath<Record, Value> & Sendable) -> Self
    where Value.RawValue == String {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readName(Value.self, key) }) { $0.field($1, $2.rawValue) }
    }

    /// A nested record with its own table, left out when `nil`.
    public static func optionalRecord<Nested: Sendable>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Nested?> & Sendable, _ fields: PayloadFields<Nested>
    ) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in try fields.readObject(&reader) }) { json, key, nested in
            json.object(key) { fields.writeMembers(nested, into: &$0) }
        }
    }
}

extension JSONReader {
    /// A name of the closed set `Value`, refused with the names allowed.
    mutating func readName<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, _ key: StaticString) throws(ReadError) -> Value
    where Value.RawValue == String {
        let text = try readString()
        guard let value = Value(rawValue: text) else {
            throw invalid(key, "\"\(text)\" is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
