/// One member of a record's canonical payload: its key, whether a stored payload must have it,
/// and how it is read into the record and written from it.
///
/// A record declares its members once, as a ``PayloadFields`` table; reading, canonical writing
/// and the key order are derived from that table (docs/architecture.md, "Event types"), so a
/// new member is one line and cannot renumber the others.
public struct PayloadField<Record: Sendable>: Sendable {
    let key: StaticString
    let required: Bool
    let access: Access
    /// The object a `stored` access reaches without retaining it: every copy of the field holds
    /// it, so it lives as long as the table that reads with it.
    private let storedMember: StoredMember?

    /// How the member is reached. Scalars whose key path names a stored property are read and
    /// written at its byte offset by ``PayloadFields`` itself (`MemoryLayout.offset(of:)`,
    /// SE-0210): replay reads every member of every event, and going through a closure and the
    /// key-path runtime for each cost it about a sixth of its speed. Other stored properties
    /// (lists, maps, names of a closed set, nested records) are read by their closure straight
    /// into the property's bytes (`stored`); only a key path without an offset (a computed
    /// property) goes through the key-path runtime (`closures`).
    enum Access: Sendable {
        case string(offset: Int)
        case optionalString(offset: Int)
        case integer(offset: Int, range: ClosedRange<Int>?)
        case optionalInteger(offset: Int)
        case integer64(offset: Int)
        case optionalInteger64(offset: Int)
        case bool(offset: Int)
        case sealed(offset: Int)
        case stored(offset: Int, member: Unmanaged<StoredMember>)
        case closures(
            read: @Sendable (inout JSONReader, inout Record) throws(JSONReader.ReadError) -> Void,
            write: @Sendable (Record, inout CanonicalJSON) -> Void)
    }

    init(
        key: StaticString, required: Bool, read: @escaping @Sendable (inout JSONReader, inout Record) throws(JSONReader.ReadError) -> Void,
        write: @escaping @Sendable (Record, inout CanonicalJSON) -> Void
    ) {
        self.init(key: key, required: required, access: .closures(read: read, write: write))
    }

    init(key: StaticString, required: Bool, access: Access) {
        self.key = key
        self.required = required
        self.access = access
        self.storedMember = nil
    }

    /// A member read and written at its stored property's `offset` by `member`.
    init(key: StaticString, required: Bool, offset: Int, member: StoredMember) {
        self.key = key
        self.required = required
        self.access = .stored(offset: offset, member: Unmanaged.passUnretained(member))
        self.storedMember = member
    }

    /// The scalar `access` at the stored property's offset, or the closures of `member` when the
    /// key path has none.
    private static func scalar<Value>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Value> & Sendable, required: Bool, _ access: (Int) -> Access, orElse: () -> Self
    ) -> Self {
        guard let offset = MemoryLayout<Record>.offset(of: path) else { return orElse() }
        return Self(key: key, required: required, access: access(offset))
    }

    /// A required member: `read` takes its value from the reader, `write` puts it under `key`.
    ///
    /// Inlined into each caller, so the closures it makes are of the caller's concrete `Value`:
    /// made here in generic form, each stored value went through the runtime's value witnesses
    /// (a copy and a destroy) on every read.
    @inline(__always)
    static func member<Value>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Value> & Sendable,
        read: @escaping @Sendable (inout JSONReader) throws(JSONReader.ReadError) -> Value,
        write: @escaping @Sendable (inout CanonicalJSON, StaticString, Value) -> Void
    ) -> Self {
        if let offset = MemoryLayout<Record>.offset(of: path) {
            return Self(
                key: key, required: true, offset: offset,
                member: StoredMember(
                    read: { reader, property throws(JSONReader.ReadError) in property.assumingMemoryBound(to: Value.self).pointee = try read(&reader) },
                    write: { property, json in write(&json, key, property.assumingMemoryBound(to: Value.self).pointee) }))
        }
        return Self(key: key, required: true, read: { reader, record throws(JSONReader.ReadError) in record[keyPath: path] = try read(&reader) }) {
            record, json in
            write(&json, key, record[keyPath: path])
        }
    }

    /// An optional member: left out of the payload when `nil`; `null` is read as `nil` too.
    /// Inlined for the reason ``member(_:_:read:write:)`` is.
    @inline(__always)
    static func optionalMember<Value>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Value?> & Sendable,
        read: @escaping @Sendable (inout JSONReader) throws(JSONReader.ReadError) -> Value,
        write: @escaping @Sendable (inout CanonicalJSON, StaticString, Value) -> Void
    ) -> Self {
        if let offset = MemoryLayout<Record>.offset(of: path) {
            return Self(
                key: key, required: false, offset: offset,
                member: StoredMember(
                    read: { reader, property throws(JSONReader.ReadError) in
                        property.assumingMemoryBound(to: Value?.self).pointee = try reader.readNull() ? nil : try read(&reader)
                    },
                    write: { property, json in
                        if let value = property.assumingMemoryBound(to: Value?.self).pointee { write(&json, key, value) }
                    }))
        }
        return Self(
            key: key, required: false,
            read: { reader, record throws(JSONReader.ReadError) in
                record[keyPath: path] = try reader.readNull() ? nil : try read(&reader)
            }
        ) { record, json in
            if let value = record[keyPath: path] { write(&json, key, value) }
        }
    }

    public static func string(_ key: StaticString, _ path: WritableKeyPath<Record, String> & Sendable) -> Self {
        scalar(key, path, required: true, { .string(offset: $0) }) {
            member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readString() }) { $0.field($1, $2) }
        }
    }

    /// A string that is mostly one of `known` (``KnownTexts``), e.g. an occurrence's type key.
    public static func string(_ key: StaticString, _ path: WritableKeyPath<Record, String> & Sendable, known: KnownTexts) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readString(known: known) }) { $0.field($1, $2) }
    }

    public static func optionalString(_ key: StaticString, _ path: WritableKeyPath<Record, String?> & Sendable) -> Self {
        scalar(key, path, required: false, { .optionalString(offset: $0) }) {
            optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readString() }) { $0.field($1, $2) }
        }
    }

    /// An integer, refused outside `range` when one is given (a value `decide` never writes).
    public static func integer(_ key: StaticString, _ path: WritableKeyPath<Record, Int> & Sendable, range: ClosedRange<Int>? = nil) -> Self {
        scalar(key, path, required: true, { .integer(offset: $0, range: range) }) {
            member(
                key, path,
                read: { reader throws(JSONReader.ReadError) in
                    let value = try reader.readInteger()
                    if let range, !range.contains(value) { throw reader.outOfRange(key, value, range) }
                    return value
                }
            ) { $0.field($1, $2) }
        }
    }

    public static func optionalInteger(_ key: StaticString, _ path: WritableKeyPath<Record, Int?> & Sendable) -> Self {
        scalar(key, path, required: false, { .optionalInteger(offset: $0) }) {
            optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readInteger() }) { $0.field($1, $2) }
        }
    }

    public static func integer(_ key: StaticString, _ path: WritableKeyPath<Record, Int64> & Sendable) -> Self {
        scalar(key, path, required: true, { .integer64(offset: $0) }) {
            member(key, path, read: { reader throws(JSONReader.ReadError) in Int64(try reader.readInteger()) }) { $0.field($1, $2) }
        }
    }

    public static func optionalInteger(_ key: StaticString, _ path: WritableKeyPath<Record, Int64?> & Sendable) -> Self {
        scalar(key, path, required: false, { .optionalInteger64(offset: $0) }) {
            optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in Int64(try reader.readInteger()) }) { $0.field($1, $2) }
        }
    }

    public static func bool(_ key: StaticString, _ path: WritableKeyPath<Record, Bool> & Sendable) -> Self {
        scalar(key, path, required: true, { .bool(offset: $0) }) {
            member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readBool() }) { $0.field($1, $2) }
        }
    }

    /// A sealed secret, stored in its sealed form only; the events API masks every value in that
    /// form, so a member declared with this kind can never show a secret.
    public static func sealed(_ key: StaticString, _ path: WritableKeyPath<Record, SealedSecret> & Sendable) -> Self {
        scalar(key, path, required: true, { .sealed(offset: $0) }) {
            member(key, path, read: { reader throws(JSONReader.ReadError) in SealedSecret(text: try reader.readString()) }) { $0.field($1, $2.text) }
        }
    }

    /// A name of a closed set that is `standard` unless the payload says otherwise, written only
    /// when it differs: for a setting added to a record after its events were first written.
    public static func defaultedName<Value: RawRepresentable & CaseIterable & Equatable & Sendable>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Value> & Sendable, _ standard: Value
    ) -> Self where Value.RawValue == String {
        Self(key: key, required: false, read: { reader, record throws(JSONReader.ReadError) in record[keyPath: path] = try reader.readName(Value.self, key) }) {
            record, json in
            if record[keyPath: path] != standard { json.field(key, record[keyPath: path].rawValue) }
        }
    }

    /// A switch that is off unless the payload says otherwise, written only when on: for a
    /// setting added to a record after its events were first written, which must read and
    /// hash as they did.
    public static func flag(_ key: StaticString, _ path: WritableKeyPath<Record, Bool> & Sendable) -> Self {
        Self(key: key, required: false, read: { reader, record throws(JSONReader.ReadError) in record[keyPath: path] = try reader.readBool() }) {
            record, json in
            if record[keyPath: path] { json.field(key, true) }
        }
    }

    public static func optionalSealed(_ key: StaticString, _ path: WritableKeyPath<Record, SealedSecret?> & Sendable) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in SealedSecret(text: try reader.readString()) }) { $0.field($1, $2.text) }
    }

    /// A value of a closed set stored by its name (a transport, a notification kind); a name
    /// outside the set is refused with the names allowed.
    public static func name<Value: RawRepresentable & CaseIterable & Sendable>(_ key: StaticString, _ path: WritableKeyPath<Record, Value> & Sendable) -> Self
    where Value.RawValue == String {
        let names = KnownTexts(Value.allCases.map(\.rawValue))
        return member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.name(try reader.readString(known: names), as: Value.self, key) }) {
            $0.field($1, $2.rawValue)
        }
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
    func outOfRange(_ key: StaticString, _ value: Int, _ range: ClosedRange<Int>) -> ReadError {
        invalid(key, "\(value) is outside \(range.lowerBound)…\(range.upperBound)")
    }

    /// A name of the closed set `Value`, refused with the names allowed.
    mutating func readName<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, _ key: StaticString) throws(ReadError) -> Value
    where Value.RawValue == String {
        try name(try readString(), as: Value.self, key)
    }

    /// `text` as a name of the closed set `Value`, refused with the names allowed.
    func name<Value: RawRepresentable & CaseIterable>(_ text: String, as type: Value.Type, _ key: StaticString) throws(ReadError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            throw invalid(key, "\"\(text)\" is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
