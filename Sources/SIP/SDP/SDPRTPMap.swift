/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]` (RFC 4566
/// §6): what a dynamic RTP payload type (RFC 3551 §3: 96–127) means, or a static one restated.
public struct SDPRTPMap: Sendable, Hashable {
    /// 0–127: the RTP header has seven bits for it (RFC 3550 §5.1).
    public var payloadType: UInt8
    /// E.g. `PCMU`, `opus`, `telephone-event`; compared case-insensitively by RFC 4855 §3.
    public var encoding: String
    public var clockRate: UInt32
    /// The encoding parameters, for audio the number of channels (§6).
    public var channels: UInt32?

    public init(payloadType: UInt8, encoding: String, clockRate: UInt32, channels: UInt32? = nil) {
        precondition(payloadType <= 127, "an RTP payload type has seven bits (RFC 3550 §5.1)")
        self.payloadType = payloadType
        self.encoding = encoding
        self.clockRate = clockRate
        self.channels = channels
    }
}
