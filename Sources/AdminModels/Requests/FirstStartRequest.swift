import Domain

/// `POST /api/v1/system/first-start`: `{"confirm": true}`, so no stray request resets a system.
public struct FirstStartRequest: Codable, Sendable, Hashable {
    public var confirm: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case confirm }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        confirm = try container.decode(Bool.self, forKey: .confirm)
    }
}
