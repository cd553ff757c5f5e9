import Domain

/// `PUT /api/v1/destination-kinds/{kind}`: a kind's global switch (manual §6.3.1.3).
public struct DestinationKindSwitch: Codable, Sendable, Hashable {
    public var on: Bool

    public init(on: Bool) {
        self.on = on
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case on }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        self.init(on: try decoder.container(keyedBy: CodingKeys.self).decode(Bool.self, forKey: .on))
    }
}
