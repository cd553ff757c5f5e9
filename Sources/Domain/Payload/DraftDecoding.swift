/// Rules every draft's `init(from:)` shares: members outside the draft are refused with the
/// members it has, as the API's own bodies are, instead of being dropped unseen.
extension Decoder {
    public func refuseMembers<Key: CodingKey & CaseIterable>(except keys: Key.Type) throws {
        let container = try container(keyedBy: MemberName.self)
        let allowed = Key.allCases.map(\.stringValue)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            throw UnknownMember(path: (codingPath.map(\.stringValue) + [unknown]).joined(separator: "."), allowed: allowed.sorted())
        }
    }
}

/// A member a draft does not have; the API answers it as `unknown_field`.
public struct UnknownMember: Error, Sendable, Hashable {
    /// Dotted path below the draft's own name, e.g. `user.nickname`.
    public var path: String
    public var allowed: [String]
}

/// Any member name: to list what a JSON object holds, and for objects whose members are named
/// at run time (a destination's plug-in settings).
public struct MemberName: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ name: String) { stringValue = name }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer {
    /// A value of a closed set by its name, refused with the names allowed (`must be one of udp,
    /// tcp, tls`) instead of the decoder's generic complaint.
    public func decodeName<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, forKey key: Key) throws -> Value where Value.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let value = Value(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
