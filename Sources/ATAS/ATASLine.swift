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

    /// The line's bytes, LF included; keys sorted so equal lines are equal bytes. Written by
    /// hand rather than by `JSONEncoder`: an alarm server gets one line per event message, and
    /// Foundation's encoder cost more than the TLS record around it (docs/benchmarks.md).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        Self.write(object: members, to: &bytes)
        bytes.append(0x0A)
        return bytes
    }

    private static func write(object: [String: Value], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string: key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            write(value: object[key]!, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static func write(value: Value, to bytes: inout [UInt8]) {
        switch value {
        case .string(let string): write(string: string, to: &bytes)
        case .integer(let integer): bytes += Array(String(integer).utf8)
        case .bool(let bool): bytes += Array((bool ? "true" : "false").utf8)
        case .strings(let strings): write(object: strings.mapValues(Value.string), to: &bytes)
        case .objects(let objects):
            bytes.append(UInt8(ascii: "["))
            for (index, object) in objects.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(object: object, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped, the
    /// rest as UTF-8.
    private static func write(string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
