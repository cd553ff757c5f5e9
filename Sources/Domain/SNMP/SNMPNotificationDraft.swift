/// An SNMP destination's receiver as the administrator enters it, secrets in plaintext;
/// `decide` checks and seals them into ``SNMPNotificationSettings``.
public struct SNMPNotificationDraft: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var notification: SNMPNotificationKind
    public var community: String?
    public var user: SNMPUserDraft?

    public init(
        host: String, port: Int = SNMPNotificationSettings.defaultPort, notification: SNMPNotificationKind,
        community: String? = nil, user: SNMPUserDraft? = nil
    ) {
        self.host = host
        self.port = port
        self.notification = notification
        self.community = community
        self.user = user
    }
}
