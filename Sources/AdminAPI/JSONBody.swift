import Foundation
import Hummingbird

/// A request's JSON object body, read field by field so that every refusal names the field and
/// the rule: not JSON → 400 `malformed_json`; not an object, a field of the wrong type, a
/// missing required field or a field the operation does not know → 422.
struct JSONBody {
    private let object: [String: Any]

    /// Largest body accepted; configuration objects are small.
    static let maximumSize = 64 * 1024

    init(_ request: Request, allowed: Set<String>) async throws {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maximumSize)
        } catch {
            throw APIError(status: .contentTooLarge, code: "body_too_large", message: "request body larger than \(Self.maximumSize) bytes")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [])
        } catch {
            throw APIError(status: .badRequest, code: "malformed_json", message: "the request body is not valid JSON: \(Self.describe(error))")
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError(status: .unprocessableContent, code: "invalid_body", message: "the request body must be a JSON object", details: ["rule": "must be a JSON object"])
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(
                status: .unprocessableContent, code: "unknown_field",
                message: "\(unknown): not a field of this request (allowed: \(allowed.sorted().joined(separator: ", ")))",
                details: ["field": unknown, "rule": "unknown field"]
            )
        }
        self.object = object
    }

    func contains(_ field: String) -> Bool { object[field] != nil }

    func isNull(_ field: String) -> Bool { object[field] is NSNull }

    /// A required string field.
    func string(_ field: String) throws -> String {
        guard let value = object[field], !(value is NSNull) else {
            throw APIError.invalid(field, "is required")
        }
        guard let string = value as? String else { throw APIError.invalid(field, "must be a string") }
        return string
    }

    /// An optional string field; absent and `null` both give nil.
    func optionalString(_ field: String) throws -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let string = value as? String else { throw APIError.invalid(field, "must be a string") }
        return string
    }

    /// For patches: `.none` absent (leave as is), `.some(nil)` explicit `null` (clear).
    func patchString(_ field: String) throws -> String?? {
        guard let value = object[field] else { return .none }
        if value is NSNull { return .some(nil) }
        guard let string = value as? String else { throw APIError.invalid(field, "must be a string or null") }
        return .some(string)
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
