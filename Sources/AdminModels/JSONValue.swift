/// Any JSON value, for the members whose shape the API does not fix: a destination's plug-in
/// settings (each plug-in has its own), an event's payload (each type has its own).
///
/// Whole numbers are kept apart from fractions so that a request's `1.5` where a whole number
/// belongs can be refused naming its member (Foundation's decoder only says "not valid JSON").
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case fraction(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(member: String) -> JSONValue? {
        if case .object(let members) = self { members[member] } else { nil }
    }

    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The dotted path (below `path`) of the first number that is not whole, if any.
    public func fractionPath(at path: String) -> String? {
        switch self {
        case .fraction: path
        case .array(let elements): elements.indices.lazy.compactMap { elements[$0].fractionPath(at: "\(path)[\($0)]") }.first
        case .object(let members): members.keys.sorted().lazy.compactMap { members[$0]!.fractionPath(at: "\(path).\($0)") }.first
        default: nil
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .fraction(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .fraction(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: JSONWritable {
    /// Objects with their keys sorted, as every body the API writes.
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .integer(let value): writer.integer(value)
        case .fraction(let value): writer.raw(Array(String(value).utf8))
        case .string(let value): writer.string(value)
        case .array(let elements): writer.array(elements)
        case .object(let members):
            writer.beginObject()
            for key in members.keys.sorted() {
                writer.key(dynamic: key)
                members[key]!.write(to: &writer)
            }
            writer.endObject()
        }
    }
}
