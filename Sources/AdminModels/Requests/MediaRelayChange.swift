import Domain

/// `PUT /api/v1/media/relay`: the media relay's settings as a whole. `relayedTerminalKinds`
/// absent means none (every terminal's media direct).
public struct MediaRelayChange: Codable, Sendable, Hashable {
    public var firstPort: Int
    public var lastPort: Int
    public var relayedTerminalKinds: [TerminalKind]?

    public init(firstPort: Int, lastPort: Int, relayedTerminalKinds: [TerminalKind]? = nil) {
        self.firstPort = firstPort
        self.lastPort = lastPort
        self.relayedTerminalKinds = relayedTerminalKinds
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case firstPort, lastPort, relayedTerminalKinds }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            firstPort: try container.decode(Int.self, forKey: .firstPort), lastPort: try container.decode(Int.self, forKey: .lastPort),
            relayedTerminalKinds: try container.decodeIfPresent([TerminalKind].self, forKey: .relayedTerminalKinds))
    }

    public var settings: MediaRelaySettings {
        MediaRelaySettings(firstPort: firstPort, lastPort: lastPort, relayedTerminalKinds: Set(relayedTerminalKinds ?? []))
    }
}
