/// What makes two occurrences "the same fault" (manual §6.3.1.1: a positive message clears the
/// negative one it matches): the negative type's key and the values of the pair's identifying
/// parameters. A type without a match is identified by all its parameters, so identical
/// repeats collapse into one active message.
enum EventMessageIdentity {
    static func of(type: EventType, parameters: [String: String]) -> String {
        var identity: String
        var keys: [String]
        switch type.polarity {
        case .negative:
            identity = type.key
            keys = type.identifyingParameters
        case .positive:
            identity = type.partner ?? type.key
            keys = type.identifyingParameters
        case .none:
            identity = type.key
            keys = parameters.keys.sorted()
        }
        for key in keys {
            identity += "|" + key + "=" + (parameters[key] ?? "")
        }
        return identity
    }
}
