/// Where an e-mail destination's messages go (issue 17, point 1; manual §6.3.1.3, "E-mail
/// signal destination": up to 5, ``CapacityLimit/emailDestinations``): one mailbox.
///
/// Its settings keep the name and form the e-mail destinations had before they could send —
/// `"address": "…"`, a plain string — so a destination configured then sends now, unchanged;
/// what is new is the rule that it be a mailbox.
public struct EmailRecipient: Sendable, Hashable {
    public var address: String

    public init(_ address: String) { self.address = address }
}

extension EmailRecipient: DestinationSettings {
    public static let name = "address"
    public static let kinds: Set<SignalDestinationKind> = [.email]
    public static let payload = PayloadFields<EmailRecipient>(blank: EmailRecipient(""), [.string("address", \.address)])

    public var view: String { address }
}

extension EmailRecipient: DestinationSettingsDraft {
    public func settle(keeping current: EmailRecipient?, sealing: any SecretSealing) throws(DomainError) -> EmailRecipient {
        try DomainRules.email(address, field: "address")
        return self
    }
}

extension EmailRecipient: Decodable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
}
