import Domain

/// `POST /api/v1/clock/advance`: moves a virtual clock forward by whole seconds.
public struct ClockAdvance: Codable, Sendable, Hashable {
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case seconds }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        self.init(seconds: try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .seconds))
    }
}
