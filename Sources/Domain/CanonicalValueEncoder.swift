/// The `Encoder` behind ``CanonicalEncoder``: each value it is handed becomes one
/// ``CanonicalNode``; nested values get an encoder of their own.
final class CanonicalValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var value: CanonicalNode?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: CanonicalNode.Members
        if case .object(let existing)? = value {
            box = existing
        } else {
            box = CanonicalNode.Members()
            value = .object(box)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: CanonicalNode.Elements
        if case .array(let existing)? = value {
            box = existing
        } else {
            box = CanonicalNode.Elements()
            value = .array(box)
        }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    /// The node of one value: a scalar directly, anything else through its own `encode(to:)`.
    static func node(_ value: some Encodable, at codingPath: [any CodingKey]) throws -> CanonicalNode {
        switch value {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as any BinaryInteger: return .number(String(describing: number))
        case is any BinaryFloatingPoint:
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "floating-point numbers are not canonical"))
        default:
            let encoder = CanonicalValueEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.value ?? .object(CanonicalNode.Members())
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: CanonicalNode.Members
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { box.members[key.stringValue] = .null }

        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            box.members[key.stringValue] = try CanonicalValueEncoder.node(value, at: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = CanonicalNode.Members()
            box.members[key.stringValue] = .object(nested)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = CanonicalNode.Elements()
            box.members[key.stringValue] = .array(nested)
            return UnkeyedContainer(box: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

        private func superEncoder(named name: String) -> any Encoder {
            let encoder = CanonicalValueEncoder(codingPath: codingPath)
            let nested = CanonicalNode.Members()
            encoder.value = .object(nested)
            box.members[name] = .object(nested)
            return encoder
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let box: CanonicalNode.Elements
        let codingPath: [any CodingKey]
        var count: Int { box.elements.count }

        mutating func encodeNil() throws { box.elements.append(.null) }

        mutating func encode(_ value: some Encodable) throws {
            box.elements.append(try CanonicalValueEncoder.node(value, at: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = CanonicalNode.Members()
            box.elements.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = CanonicalNode.Elements()
            box.elements.append(.array(nested))
            return UnkeyedContainer(box: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = CanonicalValueEncoder(codingPath: codingPath)
            let nested = CanonicalNode.Members()
            encoder.value = .object(nested)
            box.elements.append(.object(nested))
            return encoder
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: CanonicalValueEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.value = .null }

        mutating func encode(_ value: some Encodable) throws {
            encoder.value = try CanonicalValueEncoder.node(value, at: codingPath)
        }
    }
}
