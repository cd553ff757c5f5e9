/// Why `decide` refused a command (architecture rule 2). A refused command appends nothing.
///
/// `code` is stable and machine-readable, `message` names the rule for a person; the API maps
/// `kind` to the HTTP status (validation 422, not found 404, conflict and capacity 409).
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case validation
        case notFound = "not_found"
        case conflict
        case capacityExceeded = "capacity_exceeded"
    }

    public var kind: Kind
    /// e.g. `capacity_exceeded`, `invalid_field`, `user_not_found`, `user_exists`.
    public var code: String
    /// e.g. `capacity_exceeded(users, max: 1200)`.
    public var message: String
    /// e.g. `["field": "email", "rule": "…"]` or `["limit": "users", "max": "1200"]`.
    public var details: [String: String]

    public init(kind: Kind, code: String, message: String, details: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { message }

    public static func capacityExceeded(_ limit: CapacityLimit) -> DomainError {
        DomainError(
            kind: .capacityExceeded, code: "capacity_exceeded",
            message: "capacity_exceeded(\(limit.rawValue), max: \(limit.max)) — \(limit.reference)",
            details: ["limit": limit.rawValue, "max": String(limit.max), "reference": limit.reference]
        )
    }

    /// A setting outside its range from the limits table, e.g.
    /// `frequency: 25 is outside 2…20 (event_filter_frequency, manual §6.3.1.2)`.
    public static func outOfRange(_ limit: CapacityLimit, field: String, value: Int) -> DomainError {
        DomainError(
            kind: .validation, code: "out_of_range",
            message: "\(field): \(value) is outside \(limit.min)…\(limit.max) (\(limit.rawValue), \(limit.reference))",
            details: [
                "field": field, "limit": limit.rawValue, "min": String(limit.min), "max": String(limit.max), "value": String(value),
                "reference": limit.reference,
            ]
        )
    }

    public static func invalid(field: String, rule: String) -> DomainError {
        DomainError(
            kind: .validation, code: "invalid_field",
            message: "\(field): \(rule)",
            details: ["field": field, "rule": rule]
        )
    }

    public static func notFound(_ entity: String, _ id: String) -> DomainError {
        DomainError(
            kind: .notFound, code: "\(entity)_not_found",
            message: "no \(entity) \(id)",
            details: ["entity": entity, "id": id]
        )
    }

    /// A reference to a user that does not exist (a group member, a forwarding target, the
    /// emergency destination), e.g. `unknown_user: members: no user has call number 109`.
    public static func unknownUser(field: String, number: String) -> DomainError {
        DomainError(
            kind: .validation, code: "unknown_user",
            message: "unknown_user: \(field): no user has call number \(number)",
            details: ["field": field, "number": number]
        )
    }

    public static func conflict(code: String, _ message: String, details: [String: String] = [:]) -> DomainError {
        DomainError(kind: .conflict, code: code, message: message, details: details)
    }
}
