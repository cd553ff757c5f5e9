/// The header fields of a message in their order of arrival, repeated names kept (RFC 3261
/// §7.3: Via, Route and Contact order carries meaning, and several fields of one name equal one
/// comma-separated field).
///
/// The names and unfolded values of all fields live in one byte array and each field is two
/// ranges into it, so a parsed message costs two allocations for all its headers; values become
/// `String`s only when asked for, and the typed accessors (``via``, ``cseq`` …) parse on demand.
/// Names are written as they were received (a compact `v` stays `v`) and compare as
/// ``SIPHeaderName``s do.
public struct SIPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    struct Field: Sendable {
        var name: Range<Int>
        var value: Range<Int>
        var known: SIPHeaderName.Known?
    }

    var bytes: [UInt8]
    var fields: [Field]

    public init() {
        bytes = []
        fields = []
    }

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
        fields = []
        fields.reserveCapacity(16)
    }

    public init(_ fields: [(SIPHeaderName, String)]) {
        self.init()
        for (name, value) in fields { add(name, value) }
    }

    public init(dictionaryLiteral elements: (SIPHeaderName, String)...) { self.init(elements) }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public struct Iterator: IteratorProtocol {
        let headers: SIPHeaders
        var index = 0

        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.fields.count else { return nil }
            defer { index += 1 }
            let field = headers.fields[index]
            return (headers.string(field.name), headers.string(field.value))
        }
    }

    public func makeIterator() -> Iterator { Iterator(headers: self) }

    /// The values of every field of that name, in order (one entry per field, not split on
    /// commas).
    public subscript(_ name: SIPHeaderName) -> [String] {
        fields.filter { name.matches(bytes, $0.name, known: $0.known) }.map { string($0.value) }
    }

    public func first(_ name: SIPHeaderName) -> String? {
        fields.first { name.matches(bytes, $0.name, known: $0.known) }.map { string($0.value) }
    }

    public func contains(_ name: SIPHeaderName) -> Bool {
        fields.contains { name.matches(bytes, $0.name, known: $0.known) }
    }

    /// Appends a field, its name spelled as `name` says (the long form for known headers).
    /// - Precondition: `value` holds no CR or LF: a header value is one line once unfolded
    ///   (§7.3.1), and a line break in it would inject header fields.
    public mutating func add(_ name: SIPHeaderName, _ value: String) {
        precondition(!value.utf8.contains(.cr) && !value.utf8.contains(.lf), "a SIP header value is one line (RFC 3261 §7.3.1)")
        let nameStart = bytes.count
        bytes.append(contentsOf: name.name.utf8)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        fields.append(Field(name: nameStart..<valueStart, value: valueStart..<bytes.count, known: name.known))
    }

    /// Inserts a field before every other, as a proxy pushes its Via (§16.6 step 8).
    public mutating func insertFirst(_ name: SIPHeaderName, _ value: String) {
        add(name, value)
        fields.insert(fields.removeLast(), at: 0)
    }

    /// Replaces the first field of that name in place, removing the others, or appends one.
    public mutating func replaceOrAdd(_ name: SIPHeaderName, _ value: String) {
        guard let index = fields.firstIndex(where: { name.matches(bytes, $0.name, known: $0.known) }) else {
            add(name, value)
            return
        }
        let kept = fields[index].name
        add(name, value)
        var field = fields.removeLast()
        field.name = kept
        fields[index] = field
        var position = fields.count - 1
        while position > index {
            if name.matches(bytes, fields[position].name, known: fields[position].known) { fields.remove(at: position) }
            position -= 1
        }
    }

    public mutating func remove(_ name: SIPHeaderName) {
        fields.removeAll { name.matches(bytes, $0.name, known: $0.known) }
    }

    public var description: String {
        map { $0.name + ": " + $0.value }.joined(separator: "\r\n")
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    func ranges(_ known: SIPHeaderName.Known) -> [Range<Int>] {
        fields.compactMap { $0.known == known ? $0.value : nil }
    }
}

extension SIPHeaders: Hashable {
    /// Equal when the fields are pairwise of the same name (as ``SIPHeaderName`` compares) and of
    /// identical value octets; the spelling of a name is not part of a message's meaning.
    public static func == (a: SIPHeaders, b: SIPHeaders) -> Bool {
        guard a.fields.count == b.fields.count else { return false }
        for (x, y) in zip(a.fields, b.fields) {
            guard x.known == y.known, a.bytes[x.value].elementsEqual(b.bytes[y.value]) else { return false }
            if x.known == nil {
                guard x.name.count == y.name.count, zip(a.bytes[x.name], b.bytes[y.name]).allSatisfy({ $0.asciiLowercased == $1.asciiLowercased })
                else { return false }
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.count)
        for field in fields { hasher.combine(bytes[field.value].count) }
    }
}
