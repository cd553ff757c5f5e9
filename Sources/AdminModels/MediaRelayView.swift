import Domain

/// `GET /api/v1/media/relay`: the media relay's settings in force, and the VoIP channels in use
/// now (two per relayed call, manual Tab. 12).
public struct MediaRelayView: Codable, Sendable, Hashable, JSONWritable {
    public var firstPort: Int
    public var lastPort: Int
    public var relayedTerminalKinds: [String]
    public var voipChannelsInUse: Int
    public var voipChannels: Int
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ settings: MediaRelaySettings, voipChannelsInUse: Int, version: Int64) {
        firstPort = settings.firstPort
        lastPort = settings.lastPort
        relayedTerminalKinds = settings.relayedTerminalKinds.map(\.rawValue).sorted()
        self.voipChannelsInUse = voipChannelsInUse
        voipChannels = CapacityLimit.voipChannels.max
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("firstPort", firstPort)
        writer.member("lastPort", lastPort)
        writer.member("relayedTerminalKinds", relayedTerminalKinds)
        writer.member("version", version)
        writer.member("voipChannels", voipChannels)
        writer.member("voipChannelsInUse", voipChannelsInUse)
        writer.endObject()
    }
}
