import Domain

/// An SNMP destination's receiver with its secrets opened, for the agent's thread only: built
/// when the delivery engine makes the destination's adapter, never written anywhere.
public struct SNMPNotificationReceiver: Sendable, Hashable {
    public var destination: String
    public var host: String
    public var port: Int
    public var notification: SNMPNotificationKind
    public var community: String?
    public var user: SNMPUserDraft?

    public init(destination: String, settings: SNMPNotificationSettings, opening box: any SecretSealing) throws {
        self.destination = destination
        host = settings.host
        port = settings.port
        notification = settings.notification
        community = try settings.community.map(box.open)
        user = try settings.user.map {
            SNMPUserDraft(name: $0.name, authPassphrase: try box.open($0.authPassphrase), privPassphrase: try box.open($0.privPassphrase))
        }
    }
}
