/// The external signal destination as an HTTPS webhook: a primary URL and an alternative tried
/// when the primary fails (manual §6.3.1.3, "External signal destinations": one primary and one
/// alternative). Batches are signed with HMAC-SHA256 under `secret`.
public struct WebhookSettings: Sendable, Hashable {
    public var primaryURL: String
    public var alternativeURL: String?
    /// The signing key, sealed in the log like every secret.
    public var secret: SealedSecret
    /// PEM file of the CA that signed the receiver's certificate; the system's trust store when
    /// absent.
    public var caFile: String?

    public init(primaryURL: String, alternativeURL: String? = nil, secret: SealedSecret, caFile: String? = nil) {
        self.primaryURL = primaryURL
        self.alternativeURL = alternativeURL
        self.secret = secret
        self.caFile = caFile
    }
}

extension WebhookSettings: DestinationSettings {
    public static let name = "webhook"
    public static let kinds: Set<SignalDestinationKind> = [.external]
    public static let payload = PayloadFields<WebhookSettings>(
        blank: WebhookSettings(primaryURL: "", secret: SealedSecret(text: "")),
        [
            .string("primaryUrl", \.primaryURL), .optionalString("alternativeUrl", \.alternativeURL), .sealed("secret", \.secret),
            .optionalString("caFile", \.caFile),
        ])

    public var view: WebhookView {
        WebhookView(primaryURL: primaryURL, alternativeURL: alternativeURL, secretSet: !secret.text.isEmpty, caFile: caFile)
    }
}
