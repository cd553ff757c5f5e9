import Foundation

/// One line the server sends (docs/atas.md, "Transport and framing"): a JSON object with its
/// `type`, written as UTF-8 and ended by LF.
///
/// Members are kept as JSON values in a dictionary so each message type is a few assignments
/// where it is built; `nil` leaves a member out.
struct ATASLine: Sendable {
    enum Value: Sendable, Encodable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case strings([String: String])
        case objects([[String: Value]])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            case .objects(let value): try container.encode(value)
            }
        }
    }

    private(set) var members: [String: Value]

    init(type: String) { members = ["type": .string(type)] }

    subscript(_ key: String) -> String? {
        get { if case .string(let value) = members[key] { value } else { nil } }
        set { members[key] = newValue.map(Value.string) }
    }

    mutating func set(_ key: String, _ value: Value?) { members[key] = value }

    /// The line's bytes, LF included; keys sorted so equal lines are equal bytes.
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings, integers, booleans and containers of them: encoding cannot fail.
        let data = (try? encoder.encode(members)) ?? Data(#"{"type":"error","code":"malformed_line"}"#.utf8)
        return Array(data) + [0x0A]
    }
}
