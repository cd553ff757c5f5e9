/// Encodes any `Encodable` value as canonical JSON — the same rules as ``CanonicalJSON``:
/// object keys in ascending byte order, no white space, integers only, the shortest string
/// escaping — for values too large to write member by member, the state above all.
///
/// The state hash must survive a toolchain upgrade (a backup's hash is checked after restore),
/// and `JSONEncoder` promises neither its escaping nor its key order (it sorts keys numerically
/// on some platforms), so the bytes that are hashed come from here (issue 12, point 6).
/// Floating-point numbers have no single text form and are refused.
struct CanonicalEncoder {
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = CanonicalValueEncoder(codingPath: [])
        try value.encode(to: encoder)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        (encoder.value ?? .object(CanonicalNode.Members())).write(to: &bytes)
        return bytes
    }
}

/// The tree an encoding builds before it is written with sorted keys. Objects and arrays are
/// boxes, because a container keeps writing into its box after it was handed out.
enum CanonicalNode {
    final class Members {
        var members: [String: CanonicalNode] = [:]
    }

    final class Elements {
        var elements: [CanonicalNode] = []
    }

    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case object(Members)
    case array(Elements)

    func write(to bytes: inout [UInt8]) {
        switch self {
        case .string(let text): CanonicalJSON.appendString(text, to: &bytes)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: bytes.append(contentsOf: "null".utf8)
        case .object(let box):
            bytes.append(UInt8(ascii: "{"))
            let keys = box.members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                CanonicalJSON.appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                box.members[key]!.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let box):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in box.elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }
}
