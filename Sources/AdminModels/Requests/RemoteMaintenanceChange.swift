import Domain

/// `PUT /api/v1/remote-maintenance`: `barred`, `one_off` or `permanent` (manual §5.4.1).
public struct RemoteMaintenanceChange: Codable, Sendable, Hashable {
    public var mode: String

    public init(mode: String) {
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mode }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        self.init(mode: try decoder.container(keyedBy: CodingKeys.self).decodeName(RemoteMaintenanceMode.self, forKey: .mode).rawValue)
    }
}
