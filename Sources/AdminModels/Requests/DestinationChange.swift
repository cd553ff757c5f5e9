import Domain

/// `PATCH /api/v1/destinations/{id}`: the switch, the event table, and at most one plug-in's
/// settings (`"syslog": {…}` or `null` to clear); absent members stay as they are.
///
/// Which plug-ins exist is up to the server, so every member but `enabled` and `table` is kept
/// by name in ``settings``; the server refuses names that are not its plug-ins'.
public struct DestinationChange: Codable, Sendable, Hashable {
    public var enabled: Bool?
    public var table: Int?
    public var settings: [String: JSONValue]

    public init(enabled: Bool? = nil, table: Int? = nil, settings: [String: JSONValue] = [:]) {
        self.enabled = enabled
        self.table = table
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberName.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: MemberName("enabled"))
        table = try container.decodeIfPresent(Int.self, forKey: MemberName("table"))
        settings = [:]
        for key in container.allKeys where key.stringValue != "enabled" && key.stringValue != "table" {
            settings[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberName.self)
        try container.encodeIfPresent(enabled, forKey: MemberName("enabled"))
        try container.encodeIfPresent(table, forKey: MemberName("table"))
        for (name, value) in settings { try container.encode(value, forKey: MemberName(name)) }
    }
}
