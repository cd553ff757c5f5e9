import Foundation

/// The external destination's webhook as the administrator enters it, the signing secret in
/// plaintext.
public struct WebhookDraft: Sendable, Hashable {
    public var primaryURL: String
    public var alternativeURL: String?
    public var secret: String
    public var caFile: String?

    public init(primaryURL: String, alternativeURL: String? = nil, secret: String, caFile: String? = nil) {
        self.primaryURL = primaryURL
        self.alternativeURL = alternativeURL
        self.secret = secret
        self.caFile = caFile
    }
}

extension WebhookDraft: DestinationSettingsDraft {
    public func settle(keeping current: WebhookSettings?, sealing: any SecretSealing) throws(DomainError) -> WebhookSettings {
        try Self.checkHTTPS(primaryURL, field: "webhook.primaryUrl")
        if let alternativeURL { try Self.checkHTTPS(alternativeURL, field: "webhook.alternativeUrl") }
        guard secret.utf8.count >= 16, secret.utf8.count <= 256 else {
            throw .invalid(field: "webhook.secret", rule: "16…256 bytes, so the HMAC-SHA256 signature cannot be guessed")
        }
        if let caFile { try SystemState.checkPath(caFile, field: "webhook.caFile") }
        if let current, current.primaryURL == primaryURL, current.alternativeURL == alternativeURL, current.caFile == caFile,
            (try? sealing.open(current.secret)) == secret
        {
            return current
        }
        return WebhookSettings(primaryURL: primaryURL, alternativeURL: alternativeURL, secret: sealing.seal(secret), caFile: caFile)
    }

    /// Webhooks carry fault details and are signed, so only HTTPS is accepted.
    private static func checkHTTPS(_ text: String, field: String) throws(DomainError) {
        guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
            throw .invalid(field: field, rule: "an https:// URL")
        }
    }
}

extension WebhookDraft: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case primaryURL = "primaryUrl"
        case alternativeURL = "alternativeUrl"
        case secret, caFile
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            primaryURL: try container.decode(String.self, forKey: .primaryURL),
            alternativeURL: try container.decodeIfPresent(String.self, forKey: .alternativeURL),
            secret: try container.decode(String.self, forKey: .secret), caFile: try container.decodeIfPresent(String.self, forKey: .caFile))
    }
}
