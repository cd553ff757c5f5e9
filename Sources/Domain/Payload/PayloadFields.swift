/// A record's payload declared once: its members (``PayloadField``), from which the canonical
/// writer (keys in ascending byte order, whatever order they are declared in) and the reader
/// (any order, unknown keys skipped, duplicates and missing required members refused) follow.
///
/// `blank` is the value the reader fills in; a required member that is absent from the payload
/// is an error, so its placeholder never escapes.
public struct PayloadFields<Record: Sendable>: Sendable {
    let blank: Record
    /// Sorted by key, the order the canonical writer emits them.
    let fields: [PayloadField<Record>]
    let keys: [StaticString]
    /// `fields`' accesses alone, so the replay loop indexes a plain array of enums.
    let accesses: ContiguousArray<PayloadField<Record>.Access>

    public init(blank: Record, _ fields: [PayloadField<Record>]) {
        let sorted = fields.sorted { CanonicalJSON.precedes($0.key, $1.key) }
        for index in sorted.indices.dropFirst() {
            precondition(CanonicalJSON.precedes(sorted[index - 1].key, sorted[index].key), "payload key \(sorted[index].key) is declared twice")
        }
        self.blank = blank
        self.fields = sorted
        self.keys = sorted.map(\.key)
        self.accesses = ContiguousArray(sorted.map(\.access))
    }

    /// The record's canonical JSON object.
    public func canonical(_ record: Record) -> String {
        var json = CanonicalJSON()
        writeMembers(record, into: &json)
        return json.finish()
    }

    /// Reads a record from its JSON object, as ``canonical(_:)`` wrote it or in any other valid
    /// form with the same members.
    public func decode(_ text: String) throws(PayloadError) -> Record {
        var text = text
        let result: Result<Record, JSONReader.ReadError> = text.withUTF8 { bytes in
            var reader = JSONReader(bytes)
            do throws(JSONReader.ReadError) {
                let record = try readObject(&reader)
                try reader.finish()
                return .success(record)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let record): return record
        case .failure(let error): throw PayloadError(reason: error.description)
        }
    }

    func writeMembers(_ record: Record, into json: inout CanonicalJSON) {
        var stored = record
        withUnsafeBytes(of: &stored) { bytes in
            let base = bytes.baseAddress!
            for field in fields {
                switch field.access {
                case .string(let offset): json.field(field.key, base.load(fromByteOffset: offset, as: String.self))
                case .optionalString(let offset): json.field(field.key, base.load(fromByteOffset: offset, as: String?.self))
                case .integer(let offset, _): json.field(field.key, base.load(fromByteOffset: offset, as: Int.self))
                case .optionalInteger(let offset):
                    if let value = base.load(fromByteOffset: offset, as: Int?.self) { json.field(field.key, value) }
                case .integer64(let offset): json.field(field.key, base.load(fromByteOffset: offset, as: Int64.self))
                case .optionalInteger64(let offset):
                    if let value = base.load(fromByteOffset: offset, as: Int64?.self) { json.field(field.key, value) }
                case .bool(let offset): json.field(field.key, base.load(fromByteOffset: offset, as: Bool.self))
                case .sealed(let offset): json.field(field.key, base.load(fromByteOffset: offset, as: SealedSecret.self).text)
                case .stored(let offset, let member): member._withUnsafeGuaranteedRef { $0.write(base + offset, &json) }
                case .closures(_, let write): write(record, &json)
                }
            }
        }
    }

    func readObject(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> Record {
        var record = blank
        var seen = MemberSet(count: fields.count)
        try reader.beginObject()
        while let key = try reader.nextKey(keys) {
            guard key >= 0 else {
                try reader.skipValue()
                continue
            }
            guard seen.insert(key) else { throw reader.failure("duplicate key \"\(keys[key])\"") }
            switch accesses[key] {
            case .string(let offset): Self.store(try reader.readString(), at: offset, in: &record)
            case .optionalString(let offset): Self.store(try reader.readNull() ? nil : try reader.readString(), at: offset, in: &record)
            case .integer(let offset, let range):
                let value = try reader.readInteger()
                if let range, !range.contains(value) { throw reader.outOfRange(keys[key], value, range) }
                Self.store(value, at: offset, in: &record)
            case .optionalInteger(let offset): Self.store(try reader.readNull() ? nil : try reader.readInteger(), at: offset, in: &record)
            case .integer64(let offset): Self.store(Int64(try reader.readInteger()), at: offset, in: &record)
            case .optionalInteger64(let offset):
                Self.store(try reader.readNull() ? nil : Int64(try reader.readInteger()), at: offset, in: &record)
            case .bool(let offset): Self.store(try reader.readBool(), at: offset, in: &record)
            case .sealed(let offset): Self.store(SealedSecret(text: try reader.readString()), at: offset, in: &record)
            case .stored(let offset, let member): try Self.read(at: offset, in: &record, from: &reader, member)
            case .closures(let read, _): try read(&reader, &record)
            }
        }
        for index in fields.indices where fields[index].required && !seen.contains(index) {
            throw reader.missing(keys[index])
        }
        return record
    }

    /// Lets `member` assign the stored property at `offset` in place, as ``store(_:at:in:)``
    /// does, without retaining it (``PayloadField/StoredMember``).
    @inline(__always)
    private static func read(
        at offset: Int, in record: inout Record, from reader: inout JSONReader, _ member: Unmanaged<PayloadField<Record>.StoredMember>
    ) throws(JSONReader.ReadError) {
        var failure: JSONReader.ReadError?
        withUnsafeMutableBytes(of: &record) { bytes in
            member._withUnsafeGuaranteedRef { member in
                do throws(JSONReader.ReadError) {
                    try member.read(&reader, bytes.baseAddress!.advanced(by: offset))
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    /// Assigns `value` to the stored property at `offset`. The bytes there are that property,
    /// bound to its type (the offset came from its key path), so the typed assignment releases
    /// the old value and keeps the new one, exactly as `record.property = value` does.
    @inline(__always)
    private static func store<Value>(_ value: Value, at offset: Int, in record: inout Record) {
        withUnsafeMutableBytes(of: &record) { bytes in
            bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Value.self).pointee = value
        }
    }
}
