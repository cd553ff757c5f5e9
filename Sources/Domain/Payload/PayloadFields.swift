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

    public init(blank: Record, _ fields: [PayloadField<Record>]) {
        let sorted = fields.sorted { CanonicalJSON.precedes($0.key, $1.key) }
        for index in sorted.indices.dropFirst() {
            precondition(CanonicalJSON.precedes(sorted[index - 1].key, sorted[index].key), "payload key \(sorted[index].key) is declared twice")
        }
        self.blank = blank
        self.fields = sorted
        self.keys = sorted.map(\.key)
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
        for field in fields { field.write(record, &json) }
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
            try fields[key].read(&reader, &record)
        }
        for index in fields.indices where fields[index].required && !seen.contains(index) {
            throw reader.missing(keys[index])
        }
        return record
    }
}
