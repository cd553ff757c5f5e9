import Domain

/// `PATCH /api/v1/event-tables/{table}`: the rows to change, by event type; other rows stay.
public struct EventTableChange: Codable, Sendable, Hashable {
    public var rows: [String: EventTableRowChange]

    public init(rows: [String: EventTableRowChange]) {
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case rows }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        self.init(rows: try decoder.container(keyedBy: CodingKeys.self).decode([String: EventTableRowChange].self, forKey: .rows))
    }
}
