/// The media relay ("indirect switching", issue 16 point 3; manual Tab. 12): the UDP ports it
/// may bind and the terminal kinds whose calls it carries. Trunks have their own switch
/// (``SIPProvider/relayMedia``), off by default as in the deployment guide's interface settings.
///
/// Direct media is the default for terminals too: two phones on one LAN need no relay, and
/// each relayed call takes two of the 250 VoIP channels (Tab. 12). An installation with phones
/// behind NAT or on other networks names their kinds here.
public struct MediaRelaySettings: Sendable, Hashable, Codable {
    /// The first and last UDP port of the range, as RTP (even) / RTCP (odd) pairs.
    public var firstPort: Int
    public var lastPort: Int
    public var relayedTerminalKinds: Set<TerminalKind>

    public init(
        firstPort: Int = MediaRelaySettings.defaultPorts.lowerBound, lastPort: Int = MediaRelaySettings.defaultPorts.upperBound,
        relayedTerminalKinds: Set<TerminalKind> = []
    ) {
        self.firstPort = firstPort
        self.lastPort = lastPort
        self.relayedTerminalKinds = relayedTerminalKinds
    }

    /// 500 pairs: each of the 125 calls the VoIP channels allow at once can have two streams
    /// (audio and video) on each side.
    public static let defaultPorts = 40_000...40_999

    /// Port pairs one relayed call needs at the least: one stream on each side.
    public static let pairsPerCall = 2

    public var ports: ClosedRange<Int> { firstPort...max(firstPort, lastPort) }

    /// Whether a call with a terminal of `kind` on one side goes through the relay.
    public func relays(_ kind: TerminalKind) -> Bool { relayedTerminalKinds.contains(kind) }

    enum CodingKeys: String, CodingKey { case firstPort, lastPort, relayedTerminalKinds }

    /// The kinds as a sorted list: a set's order would change the state's canonical bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(firstPort, forKey: .firstPort)
        try container.encode(lastPort, forKey: .lastPort)
        try container.encode(relayedTerminalKinds.map(\.rawValue).sorted(), forKey: .relayedTerminalKinds)
    }
}
