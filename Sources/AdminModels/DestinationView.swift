import Domain

/// A signal destination as the API shows it (manual §6.3.1.3): its switch, event table and
/// message group, its settings, and how its deliveries stand.
///
/// Each destination plug-in's settings are one member named after the plug-in (`syslog`,
/// `webhook`, `snmp`, `address` …): the destination's own settings as its plug-in shows them,
/// every other plug-in's member `null`. Which plug-ins exist is up to the server, so they are
/// kept as ``settings`` by name, written among the fixed members in key order.
public struct DestinationView: Sendable, Hashable, JSONWritable {
    public var id: String
    public var kind: String
    public var enabled: Bool
    /// The kind's global switch.
    public var kindEnabled: Bool
    public var table: Int
    public var configured: Bool
    public var messageGroup: Int?
    public var version: Int64
    /// Plug-in name → its settings (`.null` when not this destination's).
    public var settings: [String: JSONValue]
    /// Absent when the server runs no delivery for the destination.
    public var delivery: DeliveryStatusView?

    public init(
        id: String, kind: String, enabled: Bool, kindEnabled: Bool, table: Int, configured: Bool, messageGroup: Int?, version: Int64,
        settings: [String: JSONValue], delivery: DeliveryStatusView?
    ) {
        self.id = id
        self.kind = kind
        self.enabled = enabled
        self.kindEnabled = kindEnabled
        self.table = table
        self.configured = configured
        self.messageGroup = messageGroup
        self.version = version
        self.settings = settings
        self.delivery = delivery
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for name in (Self.fixedMembers + settings.keys.filter { !Self.fixedMembers.contains($0) }).sorted() {
            switch name {
            case "configured": writer.member("configured", configured)
            case "delivery": if let delivery { writer.member("delivery", delivery) }
            case "enabled": writer.member("enabled", enabled)
            case "id": writer.member("id", id)
            case "kind": writer.member("kind", kind)
            case "kindEnabled": writer.member("kindEnabled", kindEnabled)
            case "messageGroup": writer.member("messageGroup", messageGroup)
            case "table": writer.member("table", table)
            case "version": writer.member("version", version)
            default:
                writer.key(dynamic: name)
                settings[name]!.write(to: &writer)
            }
        }
        writer.endObject()
    }

    static let fixedMembers = ["configured", "delivery", "enabled", "id", "kind", "kindEnabled", "messageGroup", "table", "version"]
}

extension DestinationView: Codable {

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberName.self)
        id = try container.decode(String.self, forKey: MemberName("id"))
        kind = try container.decode(String.self, forKey: MemberName("kind"))
        enabled = try container.decode(Bool.self, forKey: MemberName("enabled"))
        kindEnabled = try container.decode(Bool.self, forKey: MemberName("kindEnabled"))
        table = try container.decode(Int.self, forKey: MemberName("table"))
        configured = try container.decode(Bool.self, forKey: MemberName("configured"))
        messageGroup = try container.decodeIfPresent(Int.self, forKey: MemberName("messageGroup"))
        version = try container.decode(Int64.self, forKey: MemberName("version"))
        delivery = try container.decodeIfPresent(DeliveryStatusView.self, forKey: MemberName("delivery"))
        settings = [:]
        for key in container.allKeys where !Self.fixedMembers.contains(key.stringValue) {
            settings[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberName.self)
        try container.encode(id, forKey: MemberName("id"))
        try container.encode(kind, forKey: MemberName("kind"))
        try container.encode(enabled, forKey: MemberName("enabled"))
        try container.encode(kindEnabled, forKey: MemberName("kindEnabled"))
        try container.encode(table, forKey: MemberName("table"))
        try container.encode(configured, forKey: MemberName("configured"))
        try container.encode(messageGroup, forKey: MemberName("messageGroup"))
        try container.encode(version, forKey: MemberName("version"))
        try container.encodeIfPresent(delivery, forKey: MemberName("delivery"))
        for (name, value) in settings { try container.encode(value, forKey: MemberName(name)) }
    }
}
