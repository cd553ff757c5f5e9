import Foundation
import Hummingbird

/// A request's JSON object body, read field by field so that every refusal names the field and
/// the rule: not JSON → 400 `malformed_json`; not an object, a field of the wrong type, a
/// missing required field or a field the operation does not know → 422.
struct JSONBody {
    private let object: [String: Any]
    /// Set for a nested body, so errors name `parent.field`.
    private var prefix: String?

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
            throw APIError(
                status: .unprocessableContent, code: "invalid_body", message: "the request body must be a JSON object",
                details: ["rule": "must be a JSON object"])
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

    private init(object: [String: Any], prefix: String) {
        self.object = object
        self.prefix = prefix
    }

    func rawValue(_ field: String) -> Any? { object[field] }

    func path(_ field: String) -> String { prefix.map { "\($0).\(field)" } ?? field }

    func contains(_ field: String) -> Bool { object[field] != nil }

    func isNull(_ field: String) -> Bool { object[field] is NSNull }

    /// A required string field.
    func string(_ field: String) throws -> String {
        guard let value = object[field], !(value is NSNull) else {
            throw APIError.invalid(path(field), "is required")
        }
        guard let string = value as? String else { throw APIError.invalid(path(field), "must be a string") }
        return string
    }

    /// An optional string field; absent and `null` both give nil.
    func optionalString(_ field: String) throws -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let string = value as? String else { throw APIError.invalid(path(field), "must be a string") }
        return string
    }

    /// For patches: `.none` absent (leave as is), `.some(nil)` explicit `null` (clear).
    func patchString(_ field: String) throws -> String?? {
        guard let value = object[field] else { return .none }
        if value is NSNull { return .some(nil) }
        guard let string = value as? String else { throw APIError.invalid(path(field), "must be a string or null") }
        return .some(string)
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}

extension JSONBody {
    /// A body nested under `field` (e.g. `syslog`), read with the same rules; `nil` when absent.
    /// `prefix` makes its errors name the full path, e.g. `syslog.port`.
    init(nested object: [String: Any], prefix: String, allowed: Set<String>) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(
                status: .unprocessableContent, code: "unknown_field",
                message: "\(prefix).\(unknown): not a field of this request (allowed: \(allowed.sorted().joined(separator: ", ")))",
                details: ["field": "\(prefix).\(unknown)", "rule": "unknown field"]
            )
        }
        self.init(object: object, prefix: prefix)
    }

    /// A whole number; JSON `true`/`false` and fractions are refused.
    func optionalInteger(_ field: String) throws -> Int? {
        guard let value = rawValue(field), !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(number),
            let integer = Int(exactly: number.doubleValue)
        else {
            throw APIError.invalid(path(field), "must be a whole number")
        }
        return integer
    }

    func integer(_ field: String) throws -> Int {
        guard let value = try optionalInteger(field) else { throw APIError.invalid(path(field), "is required") }
        return value
    }

    func optionalBool(_ field: String) throws -> Bool? {
        guard let value = rawValue(field), !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            throw APIError.invalid(path(field), "must be true or false")
        }
        return number.boolValue
    }

    /// `.none` absent, `.some(nil)` null, else the nested object.
    func patchObject(_ field: String) throws -> [String: Any]?? {
        guard let value = rawValue(field) else { return .none }
        if value is NSNull { return .some(nil) }
        guard let object = value as? [String: Any] else { throw APIError.invalid(path(field), "must be an object or null") }
        return .some(object)
    }

    /// A required array of strings.
    func stringArray(_ field: String) throws -> [String] {
        guard let values = object[field] as? [Any] else { throw APIError.invalid(path(field), "is required and must be an array of strings") }
        return try values.enumerated().map { index, value in
            guard let string = value as? String else { throw APIError.invalid("\(path(field))[\(index)]", "must be a string") }
            return string
        }
    }

    func optionalObject(_ field: String) throws -> [String: Any]? {
        guard let value = rawValue(field), !(value is NSNull) else { return nil }
        guard let object = value as? [String: Any] else { throw APIError.invalid(path(field), "must be an object") }
        return object
    }

    /// JSONSerialization gives `true`/`false` as an NSNumber of C type `char`; every JSON number
    /// is an integer or a double.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
