extension PayloadField {
    public static func strings(_ key: StaticString, _ path: WritableKeyPath<Record, [String]> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readStringArray() }) { $0.field($1, $2) }
    }

    /// A list of strings that are mostly from `known` (``KnownTexts``).
    public static func strings(_ key: StaticString, _ path: WritableKeyPath<Record, [String]> & Sendable, known: KnownTexts) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readStringArray(known: known) }) { $0.field($1, $2) }
    }

    /// A list of strings, left out when `nil`.
    public static func optionalStrings(_ key: StaticString, _ path: WritableKeyPath<Record, [String]?> & Sendable) -> Self {
        optionalMember(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readStringArray() }) { $0.field($1, $2) }
    }

    public static func integers(_ key: StaticString, _ path: WritableKeyPath<Record, [Int]> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readIntegerArray() }) { $0.field($1, $2) }
    }

    /// An object of strings, its keys in ascending byte order like the payload's own.
    public static func stringMap(_ key: StaticString, _ path: WritableKeyPath<Record, [String: String]> & Sendable, knownKeys: KnownTexts? = nil) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readStringMap(knownKeys: knownKeys) }) { $0.field($1, $2) }
    }

    /// Sealed secrets in a list, each in its sealed form.
    public static func sealedList(_ key: StaticString, _ path: WritableKeyPath<Record, [SealedSecret]> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readStringArray().map(SealedSecret.init(text:)) }) {
            $0.field($1, $2.map(\.text))
        }
    }

    /// Sealed secrets by name (an SNMP user's passphrase by user name).
    public static func sealedMap(_ key: StaticString, _ path: WritableKeyPath<Record, [String: SealedSecret]> & Sendable) -> Self {
        member(key, path, read: { reader throws(JSONReader.ReadError) in try reader.readStringMap().mapValues(SealedSecret.init(text:)) }) {
            $0.field($1, $2.mapValues(\.text))
        }
    }

    /// A set of names of a closed set, stored as a sorted list.
    public static func names<Value: RawRepresentable & CaseIterable & Hashable & Sendable>(
        _ key: StaticString, _ path: WritableKeyPath<Record, Set<Value>> & Sendable
    )
        -> Self
    where Value.RawValue == String {
        member(
            key, path,
            read: { reader throws(JSONReader.ReadError) in
                var values = Set<Value>()
                for text in try reader.readStringArray() { values.insert(try reader.name(text, as: Value.self, key)) }
                return values
            }
        ) { $0.field($1, $2.map(\.rawValue).sorted()) }
    }

    /// A map between two closed sets, stored as an object of names.
    public static func nameMap<Name: RawRepresentable & CaseIterable & Hashable & Sendable, Value: RawRepresentable & CaseIterable & Sendable>(
        _ key: StaticString, _ path: WritableKeyPath<Record, [Name: Value]> & Sendable
    ) -> Self where Name.RawValue == String, Value.RawValue == String {
        member(
            key, path,
            read: { reader throws(JSONReader.ReadError) in
                var map: [Name: Value] = [:]
                for (nameText, valueText) in try reader.readStringMap() {
                    guard let name = Name(rawValue: nameText), let value = Value(rawValue: valueText) else {
                        throw reader.invalid(key, "\"\(nameText)\": \"\(valueText)\" is not a known pair")
                    }
                    map[name] = value
                }
                return map
            }
        ) { json, key, map in
            json.field(key, Dictionary(uniqueKeysWithValues: map.map { ($0.key.rawValue, $0.value.rawValue) }))
        }
    }

    /// A map whose values are stored as text in their own notation.
    static func textMap<Value>(
        _ key: StaticString, _ path: WritableKeyPath<Record, [String: Value]> & Sendable, rule: String,
        parse: @escaping @Sendable (String) -> Value?, format: @escaping @Sendable (Value) -> String
    ) -> Self {
        member(
            key, path,
            read: { reader throws(JSONReader.ReadError) in
                var map: [String: Value] = [:]
                for (name, text) in try reader.readStringMap() {
                    guard let value = parse(text) else { throw reader.invalid(key, "\"\(text)\" is not \(rule)") }
                    map[name] = value
                }
                return map
            }
        ) { $0.field($1, $2.mapValues(format)) }
    }
}
