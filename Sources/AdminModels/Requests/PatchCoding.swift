import Domain

/// A patch member has three states, as JSON Merge Patch (RFC 7396) gives them: absent (keep the
/// value), `null` (clear it), or a value. Swift spells them `.none`, `.some(nil)`, `.some(v)`.
extension KeyedDecodingContainer {
    public func decodePatch<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value?? {
        guard contains(key) else { return .none }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(Value.self, forKey: key))
    }

    /// A member that may be left out but, when given, must not be `null`.
    public func decodeUnlessNull<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must not be null")
        }
        return try decode(Value.self, forKey: key)
    }
}

extension KeyedEncodingContainer {
    public mutating func encodePatch<Value: Encodable>(_ value: Value??, forKey key: Key) throws {
        switch value {
        case .none: break
        case .some(.none): try encodeNil(forKey: key)
        case .some(.some(let value)): try encode(value, forKey: key)
        }
    }
}
