import Domain
import Foundation

/// A line the alarm server sends (docs/atas.md), read strictly: JSON's own types (an `id` of
/// `"12"` or `1.5` is not an id), unknown members ignored, so later versions may add some.
enum ATASRequest: Sendable, Hashable {
    case logon(account: String, password: String, resumeAfter: Int64?)
    case cycle
    case logoff
    case ack(id: Int64)
    case showText(ATASTextRequest)

    /// The longest line the server reads, LF excluded.
    static let maximumLineLength = 8_192

    /// - Throws: ``ATASProtocolError``: `malformed_line` for a line that is not a JSON object
    ///   with a `type`, `unknown_type`, `invalid_field` for a member of the wrong type or
    ///   outside its rule.
    static func parse(_ line: [UInt8]) throws(ATASProtocolError) -> ATASRequest {
        let data = Data(line)
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw ATASProtocolError(.malformedLine, "a line must be one JSON object with a string member type (docs/atas.md, framing)")
        }
        guard let type = envelope.type else {
            throw ATASProtocolError(.malformedLine, "a line must be one JSON object with a string member type (docs/atas.md, framing)")
        }
        switch type {
        case "logon":
            let logon: Logon = try decode(data)
            return .logon(account: logon.account, password: logon.password, resumeAfter: logon.resumeAfter)
        case "cycle": return .cycle
        case "logoff": return .logoff
        case "ack":
            let ack: Ack = try decode(data)
            return .ack(id: ack.id)
        case "show_text":
            let request: ATASTextRequest.Wire = try decode(data)
            return .showText(try ATASTextRequest(request))
        default:
            throw ATASProtocolError(.unknownType, "unknown type \(type.debugDescription); known: logon, cycle, logoff, ack, show_text")
        }
    }

    /// A message's members; a missing one or one of the wrong JSON type is named in the error.
    private static func decode<Message: Decodable>(_ data: Data) throws(ATASProtocolError) -> Message {
        do {
            return try JSONDecoder().decode(Message.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .invalid(key.stringValue, "required", request: requestReference(data))
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalid(path(context), "wrong JSON type", request: requestReference(data))
        } catch let DecodingError.valueNotFound(_, context) {
            throw .invalid(path(context), "must not be null", request: requestReference(data))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            // Foundation refuses a number that fits no integer (1.5, 1e30) for the whole line
            // before any member is read, without naming it: find it.
            throw .invalid(fractionalMember(data) ?? "", "must be a JSON integer", request: requestReference(data))
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalid(path(context), context.debugDescription, request: requestReference(data))
        } catch {
            throw ATASProtocolError(.malformedLine, "\(error)")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// The first top-level member (in key order) holding a number that is not a 64-bit integer.
    private static func fractionalMember(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object.keys.sorted().first { key in
            guard let number = object[key] as? NSNumber, !(object[key] is String) else { return false }
            return Int64(exactly: number.doubleValue) == nil
        }
    }

    /// The `request` member of a broken show_text, so its error can name it.
    private static func requestReference(_ data: Data) -> String? {
        (try? JSONDecoder().decode(Reference.self, from: data))?.request
    }

    private struct Envelope: Decodable { var type: String? }
    private struct Reference: Decodable { var request: String? }
    private struct Logon: Decodable {
        var account: String
        var password: String
        var resumeAfter: Int64?

        enum CodingKeys: String, CodingKey { case account, password, resumeAfter }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            account = try container.decode(String.self, forKey: .account)
            password = try container.decode(String.self, forKey: .password)
            resumeAfter = try container.integer(Int64.self, forKey: .resumeAfter)
        }
    }

    private struct Ack: Decodable {
        var id: Int64

        enum CodingKeys: String, CodingKey { case id }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let id = try container.integer(Int64.self, forKey: .id) else {
                throw DecodingError.keyNotFound(CodingKeys.id, DecodingError.Context(codingPath: [], debugDescription: "required"))
            }
            self.id = id
        }
    }
}

extension KeyedDecodingContainer {
    /// An optional integer member whose error names it: Foundation reports a number that is no
    /// integer (`1.5`) without the member's key.
    func integer<Integer: FixedWidthInteger & Decodable>(_ type: Integer.Type, forKey key: Key) throws -> Integer? {
        do {
            return try decodeIfPresent(type, forKey: key)
        } catch DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context) {
            throw DecodingError.typeMismatch(
                type, DecodingError.Context(codingPath: codingPath + [key], debugDescription: "must be a JSON integer (\(context.debugDescription))"))
        }
    }
}
