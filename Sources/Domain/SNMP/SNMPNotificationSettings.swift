/// Where and how one of the 5 SNMP destinations (manual §6.3.1.3, *SNMP destination*) receives
/// the raised and cleared notifications of CALLPLANE-MIB.
///
/// Exactly one of `community` (SNMPv2c) and `user` (SNMPv3, authPriv with SHA and AES, as for
/// the agent's own users) is set. SNMPv3 is offered for informs only: a v3 trap needs the
/// receiver configured with the sender's engine ID, while an inform discovers the receiver's,
/// which is how NMS receivers are normally set up. Secrets are sealed like every other.
public struct SNMPNotificationSettings: Sendable, Hashable {
    public var host: String
    /// UDP port of the receiver; 162 is the notification port (RFC 3417 §3.1).
    public var port: Int
    public var notification: SNMPNotificationKind
    public var community: SealedSecret?
    public var user: SNMPUser?

    public init(host: String, port: Int = Self.defaultPort, notification: SNMPNotificationKind, community: SealedSecret? = nil, user: SNMPUser? = nil) {
        self.host = host
        self.port = port
        self.notification = notification
        self.community = community
        self.user = user
    }

    public static let defaultPort = 162
}

extension SNMPNotificationSettings: DestinationSettings {
    public static let name = "snmp"
    public static let kinds: Set<SignalDestinationKind> = [.snmp]
    public static let payload = PayloadFields<SNMPNotificationSettings>(
        blank: SNMPNotificationSettings(host: "", notification: .trap),
        [
            .string("host", \.host), .integer("port", \.port), .name("notification", \.notification), .optionalSealed("community", \.community),
            .optionalRecord(
                "user", \.user,
                PayloadFields<SNMPUser>(
                    blank: SNMPUser(name: "", authPassphrase: SealedSecret(text: ""), privPassphrase: SealedSecret(text: "")),
                    [.string("name", \.name), .sealed("authPassphrase", \.authPassphrase), .sealed("privPassphrase", \.privPassphrase)])),
        ])

    public var view: SNMPReceiverView {
        SNMPReceiverView(
            host: host, port: port, notification: notification, version: user == nil ? "v2c" : "v3", communitySet: community != nil, user: user?.name)
    }
}
