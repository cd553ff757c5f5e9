/// The ATAS destination's settings (issue 17, point 3; manual §6.3.1.3, "Destination alarm
/// server (ATAS)"): the server listens and the alarm server connects (docs/atas.md), so there is
/// no address to keep — what the administrator sets is how often the alarm server must prove it
/// is alive. A cycle signal missing for one and a half of these intervals ends the link and
/// raises "ATAS: Connection lost" with cause 1.
///
/// It holds no secret, so it is its own draft and its own API view.
public struct ATASSettings: Sendable, Hashable {
    /// 5–300 s (``CapacityLimit/atasCycleSeconds``), 30 unless configured.
    public var cycleSeconds: Int

    public static let defaultCycleSeconds = 30

    public init(cycleSeconds: Int = Self.defaultCycleSeconds) {
        self.cycleSeconds = cycleSeconds
    }
}

extension ATASSettings: DestinationSettings {
    public static let name = "alarmServer"
    public static let kinds: Set<SignalDestinationKind> = [.atas]
    public static let payload = PayloadFields<ATASSettings>(blank: ATASSettings(), [.integer("cycleSeconds", \.cycleSeconds)])

    public var view: ATASSettings { self }
}

extension ATASSettings: DestinationSettingsDraft {
    public func settle(keeping current: ATASSettings?, sealing: any SecretSealing) throws(DomainError) -> ATASSettings {
        guard CapacityLimit.atasCycleSeconds.range.contains(cycleSeconds) else {
            throw .outOfRange(.atasCycleSeconds, field: "alarmServer.cycleSeconds", value: cycleSeconds)
        }
        return self
    }
}

extension ATASSettings: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case cycleSeconds
    }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(cycleSeconds: try container.decodeIfPresent(Int.self, forKey: .cycleSeconds) ?? Self.defaultCycleSeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cycleSeconds, forKey: .cycleSeconds)
    }
}
