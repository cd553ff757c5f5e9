/// One `m=` section (RFC 4566 §5.14) with the lines that follow it: a stream the writer offers
/// or accepts.
public struct SDPMediaDescription: Sendable, Hashable {
    /// `audio`, `video`, `text`, `application`, `message` or a later registration.
    public var media: String
    /// 0–65,535; 0 rejects or disables the stream (RFC 3264 §6, §8.2).
    public var port: UInt16
    /// The `/<number of ports>` suffix (§5.14), for layered multicast.
    public var portCount: UInt16?
    /// `RTP/AVP`, `RTP/SAVP`, `RTP/SAVPF`, `UDP/TLS/RTP/SAVP` …
    public var proto: String
    /// For RTP profiles the payload types 0–127 as text, in order of preference (RFC 3264
    /// §5.1); otherwise whatever the profile defines.
    public var formats: [String]
    public var information: String?
    public var connection: SDPConnection?
    public var bandwidths: [SDPBandwidth]
    /// `k=` (§5.12), obsolete but kept so a description passes through unchanged.
    public var encryptionKey: String?
    public var attributes: [SDPAttribute]

    public init(
        media: String, port: UInt16, portCount: UInt16? = nil, proto: String = "RTP/AVP", formats: [String], information: String? = nil,
        connection: SDPConnection? = nil, bandwidths: [SDPBandwidth] = [], encryptionKey: String? = nil, attributes: [SDPAttribute] = []
    ) {
        self.media = media
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
        self.information = information
        self.connection = connection
        self.bandwidths = bandwidths
        self.encryptionKey = encryptionKey
        self.attributes = attributes
    }

    /// Whether the formats are RTP payload types, which RFC 3551 §3 bounds to 0–127.
    public var isRTP: Bool { proto.split(separator: "/").contains("RTP") }
}
