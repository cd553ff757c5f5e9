/// An SNMP destination's receiver as the API shows it: never a secret; the SNMP version follows
/// from which one is set.
public struct SNMPReceiverView: Sendable, Hashable, Encodable {
    public var host: String
    public var port: Int
    public var notification: SNMPNotificationKind
    public var version: String
    public var communitySet: Bool
    public var user: String?

    enum CodingKeys: String, CodingKey {
        case host, port, notification, version, communitySet, user
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(host, forKey: .host)
        try container.encode(port, forKey: .port)
        try container.encode(notification, forKey: .notification)
        try container.encode(version, forKey: .version)
        try container.encode(communitySet, forKey: .communitySet)
        try container.encode(user, forKey: .user)
    }
}
