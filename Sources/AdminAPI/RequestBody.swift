import AdminModels
import Domain
import Foundation
import Hummingbird

/// A request's JSON body, decoded as its model from `AdminModels` (the same type the CLI
/// encodes). Every refusal names the member and the rule: not JSON → 400 `malformed_json`;
/// not an object → 422 `invalid_body`; a member the request does not have → 422
/// `unknown_field`; a missing member, a wrong type or a value out of its set → 422
/// `invalid_field` with the member's dotted path (`rows.ntp_failed.frequency`).
enum RequestBody {
    /// Largest body accepted. Configuration objects are small except one: a DDI plan of the
    /// manual's 4,000 rows (Tab. 13) takes 150 KiB with ordinary numbers and up to 300 KiB with
    /// the longest the document allows, which the 64 KiB this used to be refused with 413.
    /// 384 KiB holds any plan the document allows; at the 256 connections the API admits, the
    /// bodies held at once stay within 96 MiB.
    static let maximumSize = 384 * 1024

    static func decode<Body: Decodable>(_ type: Body.Type, from request: Request) async throws -> Body {
        var request = request
        return try decode(Body.self, from: try await collect(&request))
    }

    static func decode<Body: Decodable>(_ type: Body.Type, from buffer: ByteBuffer) throws -> Body {
        try decode(Body.self, from: Data(buffer.readableBytesView))
    }

    /// The whole body, refused with `body_too_large` beyond ``maximumSize``.
    static func collect(_ request: inout Request) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: maximumSize)
        } catch {
            throw APIError(status: .contentTooLarge, code: "body_too_large", message: "request body larger than \(maximumSize) bytes")
        }
    }

    static func decode<Body: Decodable>(_ type: Body.Type, from data: Data) throws -> Body {
        try decoding(data, under: nil) { try JSONDecoder().decode(Body.self, from: data) }
    }

    /// Runs a decoder of `data` (a plug-in's, which knows its own type), turning its complaints
    /// into the API's errors. `member` is where the bytes sit in a larger body (a destination's
    /// `syslog`), so that errors name the full path.
    static func decoding<Value>(_ data: Data, under member: String?, _ decode: () throws -> Value) throws -> Value {
        do {
            return try decode()
        } catch let unknown as UnknownMember {
            throw APIError.unknownField(
                member.map { "\($0).\(unknown.path)" } ?? unknown.path, allowed: "allowed: " + unknown.allowed.joined(separator: ", "))
        } catch let error as DecodingError {
            throw refusal(error, data: data, under: member)
        }
    }

    /// The decoder's complaint in the API's words.
    private static func refusal(_ error: DecodingError, data: Data, under member: String?) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            var path = member ?? ""
            for key in keys {
                if let index = key.intValue {
                    path += "[\(index)]"
                } else {
                    path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return path
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context) where !context.codingPath.isEmpty || member != nil:
            return .invalid(path(context.codingPath), "is required")
        case .typeMismatch(let type, let context) where !context.codingPath.isEmpty || member != nil:
            return .invalid(path(context.codingPath), expectation(type))
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return .invalid(path(context.codingPath), context.debugDescription)
        case .dataCorrupted(let context):
            // Foundation's decoder calls a number that does not fit its type "not valid JSON",
            // with no path; read the body as any JSON to tell the two apart.
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                let reason = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
                return APIError(status: .badRequest, code: "malformed_json", message: "the request body is not valid JSON: \(reason)")
            }
            if let field = value.fractionPath(at: member ?? ""), !field.isEmpty {
                return .invalid(field.hasPrefix(".") ? String(field.dropFirst()) : field, "must be a whole number")
            }
            if case .object = value {
                return .invalid(member ?? "body", "holds a number too large")
            }
            return notAnObject
        default:
            return notAnObject
        }
    }

    private static let notAnObject = APIError(
        status: .unprocessableContent, code: "invalid_body", message: "the request body must be a JSON object", details: ["rule": "must be a JSON object"])

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "must be a string"
        case is Int.Type, is Int64.Type: "must be a whole number"
        case is Bool.Type: "must be true or false"
        default: String(describing: type).hasPrefix("Array") ? "must be an array" : "must be an object"
        }
    }
}
