/// The external destination's webhook as the API shows it: the secret never, only whether one
/// is set.
public struct WebhookView: Sendable, Hashable, Encodable {
    public var primaryURL: String
    public var alternativeURL: String?
    public var secretSet: Bool
    public var caFile: String?

    enum CodingKeys: String, CodingKey {
        case primaryURL = "primaryUrl"
        case alternativeURL = "alternativeUrl"
        case secretSet, caFile
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(primaryURL, forKey: .primaryURL)
        try container.encode(alternativeURL, forKey: .alternativeURL)
        try container.encode(secretSet, forKey: .secretSet)
        try container.encode(caFile, forKey: .caFile)
    }
}
