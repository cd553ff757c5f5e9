/// What makes two occurrences "the same fault" (manual §6.3.1.1: a positive message clears the
/// negative one it matches): the negative type's key and the values of the pair's identifying
/// parameters. A type without a match is identified by all its parameters, so identical
/// repeats collapse into one active message.
enum EventMessageIdentity {
    static func of(type: EventType, parameters: [String: String]) -> String {
        switch type.polarity {
        case .negative, .positive:
            let key = type.polarity == .positive ? type.partner ?? type.key : type.key
            let names = type.identifyingParameters
            if names.isEmpty { return key }
            return text(key, names.map { ($0, parameters[$0] ?? "") })
        case .none:
            if parameters.isEmpty { return type.key }
            if parameters.count == 1, let only = parameters.first { return text(type.key, CollectionOfOne(only)) }
            return text(type.key, parameters.sorted { $0.key < $1.key })
        }
    }

    /// `key|name=value|name=value…`, written into one string of the right size: replay folds
    /// every occurrence through here, and appending piece by piece cost a twentieth of the
    /// replay (each append checks the room left and may grow the string).
    private static func text(_ key: String, _ pairs: some Collection<(key: String, value: String)>) -> String {
        var length = key.utf8.count
        for (name, value) in pairs { length += 2 + name.utf8.count + value.utf8.count }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var written = 0
            func put(_ text: String) {
                var text = text
                let count = text.withUTF8 { UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(fromContentsOf: $0) }
                written += count
            }
            func put(_ byte: UInt8) {
                buffer[written] = byte
                written += 1
            }
            put(key)
            for (name, value) in pairs {
                put(UInt8(ascii: "|"))
                put(name)
                put(UInt8(ascii: "="))
                put(value)
            }
            return written
        }
    }
}
