/// What makes two occurrences "the same fault" (manual §6.3.1.1: a positive message clears the
/// negative one it matches): the negative type's key and the values of the pair's identifying
/// parameters. A type without a match is identified by all its parameters, so identical
/// repeats collapse into one active message.
enum EventMessageIdentity {
    static func of(type: EventType, parameters: [String: String]) -> String {
        var identity: String
        switch type.polarity {
        case .negative: identity = type.key
        case .positive: identity = type.partner ?? type.key
        case .none:
            identity = type.key
            if parameters.count == 1, let (key, value) = parameters.first {
                append(key, value, to: &identity)
            } else {
                for key in parameters.keys.sorted() { append(key, parameters[key] ?? "", to: &identity) }
            }
            return identity
        }
        for key in type.identifyingParameters { append(key, parameters[key] ?? "", to: &identity) }
        return identity
    }

    /// Adds `|key=value` in one step: replay folds every occurrence through here, and the chain
    /// of `+` this replaced made a new string for each piece.
    private static func append(_ key: String, _ value: String, to identity: inout String) {
        identity.reserveCapacity(identity.utf8.count + key.utf8.count + value.utf8.count + 2)
        identity.append("|")
        identity.append(key)
        identity.append("=")
        identity.append(value)
    }
}
