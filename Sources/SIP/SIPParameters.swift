/// The `;name[=value]` parameters of a URI (§19.1.1 uri-parameters) or a header value (§25.1
/// generic-param), in their order of arrival and spelled as received. Names compare
/// case-insensitively (§19.1.4, §7.3.1); values are kept as written (a quoted value with its
/// quotes), since only the owner of a parameter knows whether its value is case-sensitive.
public struct SIPParameters: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Parameter: Sendable, Hashable {
        public var name: String
        /// `nil` for a parameter without `=`, such as `lr`; `""` for `name=` with an empty
        /// value, which only URI headers allow.
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    private var storage: [Parameter]

    public init() { storage = [] }

    public init(_ parameters: [Parameter]) { storage = parameters }

    public init(dictionaryLiteral elements: (String, String?)...) {
        storage = elements.map { Parameter(name: $0.0, value: $0.1) }
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public func makeIterator() -> IndexingIterator<[Parameter]> { storage.makeIterator() }

    /// Whether a parameter of that name is present, with or without a value.
    public func contains(_ name: String) -> Bool {
        storage.contains { Self.namesEqual($0.name, name) }
    }

    /// The value of the first parameter of that name; `nil` when absent or valueless.
    public subscript(_ name: String) -> String? {
        storage.first { Self.namesEqual($0.name, name) }?.value
    }

    public mutating func append(_ name: String, _ value: String? = nil) {
        storage.append(Parameter(name: name, value: value))
    }

    /// Replaces the first parameter of that name (keeping its place) or appends it.
    public mutating func set(_ name: String, _ value: String?) {
        if let index = storage.firstIndex(where: { Self.namesEqual($0.name, name) }) {
            storage[index].value = value
            var position = storage.count - 1
            while position > index {
                if Self.namesEqual(storage[position].name, name) { storage.remove(at: position) }
                position -= 1
            }
        } else {
            storage.append(Parameter(name: name, value: value))
        }
    }

    public mutating func remove(_ name: String) {
        storage.removeAll { Self.namesEqual($0.name, name) }
    }

    /// Writes `;name=value` for each parameter, or `separator`-led pairs for URI headers.
    func serialized(leading: String = ";", separator: String = ";") -> String {
        var text = ""
        for (offset, parameter) in storage.enumerated() {
            text += offset == 0 ? leading : separator
            text += parameter.name
            if let value = parameter.value { text += "=" + value }
        }
        return text
    }

    static func namesEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}
