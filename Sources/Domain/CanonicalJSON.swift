/// Writes the canonical JSON form of a flat event payload: one object, keys in ascending byte
/// order, no white space, integers only, strings with the shortest escaping, absent optionals
/// left out.
///
/// The log hashes the payload exactly as stored (docs/architecture.md, event envelope), so the same event must
/// always produce the same bytes; that is why this writer exists instead of `JSONEncoder`, whose
/// escaping and number formatting are not promised to stay the same across releases.
///
/// Callers add fields in sorted key order; a debug build checks it.
struct CanonicalJSON {
    private var bytes: [UInt8]
    #if DEBUG
        private var lastKey: StaticString?
    #endif

    init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func field(_ key: StaticString, _ value: String) {
        writeKey(key)
        writeString(value)
    }

    mutating func field(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        field(key, value)
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        writeKey(key)
        writeInteger(value)
    }

    mutating func field(_ key: StaticString, _ value: Int64) {
        field(key, Int(value))
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        writeKey(key)
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    mutating func field(_ key: StaticString, _ values: [Int]) {
        writeArray(key, values) { $0.writeInteger($1) }
    }

    mutating func field(_ key: StaticString, _ values: [String]) {
        writeArray(key, values) { $0.writeString($1) }
    }

    /// A nested object of strings, its keys in ascending byte order like the payload's own.
    mutating func field(_ key: StaticString, _ map: [String: String]) {
        writeKey(key)
        bytes.append(UInt8(ascii: "{"))
        let keys = map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (index, member) in keys.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(member)
            bytes.append(UInt8(ascii: ":"))
            writeString(map[member]!)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// A nested object written by `body` into its own canonical writer.
    mutating func object(_ key: StaticString, _ body: (inout CanonicalJSON) -> Void) {
        var nested = CanonicalJSON()
        body(&nested)
        rawField(key, nested.finish())
    }

    /// A value that is canonical JSON already (a nested object kept as its stored text).
    mutating func rawField(_ key: StaticString, _ canonicalValue: String) {
        writeKey(key)
        bytes.append(contentsOf: canonicalValue.utf8)
    }

    /// `{"<name>":<value>}` for one member whose name is not known at compile time; `value` is
    /// canonical JSON already.
    static func singleMember(_ name: String, _ canonicalValue: String) -> String {
        var json = CanonicalJSON()
        json.writeString(name)
        json.bytes.append(UInt8(ascii: ":"))
        json.bytes.append(contentsOf: canonicalValue.utf8)
        return json.finish()
    }

    /// Closes the object and returns it as text.
    consuming func finish() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: -

    private mutating func writeArray<Element>(_ key: StaticString, _ values: [Element], _ write: (inout CanonicalJSON, Element) -> Void) {
        writeKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeKey(_ key: StaticString) {
        #if DEBUG
            if let lastKey {
                assert(Self.precedes(lastKey, key), "canonical JSON keys must be added in ascending byte order: \(lastKey) before \(key)")
            }
            lastKey = key
        #endif
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func writeString(_ value: String) {
        Self.appendString(value, to: &bytes)
    }

    /// `value` as a JSON string with the shortest escaping: `"` and `\` escaped, the control
    /// characters as `\b \t \n \f \r` or `\u00xx`, everything else — `/` and all of
    /// Unicode — as its UTF-8 bytes. Shared by every canonical writer, so one text has one form.
    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "\\"))
            case 0x08:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "b"))
            case 0x09:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "t"))
            case 0x0A:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "n"))
            case 0x0C:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "f"))
            case 0x0D:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "r"))
            case 0x00..<0x20:
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeInteger(_ value: Int) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as UInt so Int.min does not overflow.
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Byte-wise `a < b`, the order canonical JSON sorts keys in.
    static func precedes(_ a: StaticString, _ b: StaticString) -> Bool {
        let lhs = UnsafeBufferPointer(start: a.utf8Start, count: a.utf8CodeUnitCount)
        let rhs = UnsafeBufferPointer(start: b.utf8Start, count: b.utf8CodeUnitCount)
        return lhs.lexicographicallyPrecedes(rhs)
    }
}
