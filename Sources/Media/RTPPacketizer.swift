import NIOCore

/// Turns blocks of encoded audio into RTP packets of one stream (RFC 3550 §5.1).
///
/// The sequence number, the timestamp and the SSRC start at random values, as §5.1 asks so that
/// a known-plaintext attack on a later encryption has less to work with and two streams that
/// start together do not collide (§8.1). The marker bit is set on the first packet only: RFC
/// 3551 §4.1 sets it on the first packet of a talkspurt, and a tone is one talkspurt. The
/// sequence number and timestamp count modulo 2^16 and 2^32, as the RTP header defines them; a
/// receiver extends them itself (§A.1).
public struct RTPPacketizer: Sendable, Hashable {
    /// The fixed header: 12 octets without CSRC list or extension (§5.1).
    public static let headerSize = 12
    /// RTP version 2 (§5.1).
    public static let version: UInt8 = 2

    public let payloadType: UInt8
    public let ssrc: UInt32
    /// The sequence number of the next packet.
    public private(set) var sequenceNumber: UInt16
    /// The RTP timestamp of the next packet's first sample.
    public private(set) var timestamp: UInt32
    private var marker = true

    public init(payloadType: UInt8, ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32) {
        precondition(payloadType <= 127, "an RTP payload type has seven bits (RFC 3550 §5.1)")
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
    }

    /// A stream whose SSRC, first sequence number and first timestamp come from `generator`.
    public init(payloadType: UInt8, using generator: inout some RandomNumberGenerator) {
        self.init(
            payloadType: payloadType, ssrc: .random(in: .min ... .max, using: &generator),
            sequenceNumber: .random(in: .min ... .max, using: &generator), timestamp: .random(in: .min ... .max, using: &generator))
    }

    public init(payloadType: UInt8) {
        var generator = SystemRandomNumberGenerator()
        self.init(payloadType: payloadType, using: &generator)
    }

    /// Writes the next packet, header then `payload`, and advances the sequence number by one
    /// and the timestamp by `samples` (for G.711 one per octet: 160 for 20 ms).
    public mutating func writePacket(payload: some Collection<UInt8>, samples: UInt32, into buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.version << 6)
        buffer.writeInteger((marker ? 0x80 : 0) | payloadType)
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
        buffer.writeBytes(payload)
        marker = false
        sequenceNumber &+= 1
        timestamp &+= samples
    }

    /// Writes packet `index` of `tone` in `law`: 20 ms of G.711, the tone's samples from
    /// `index` × 160 on (RFC 3551 §4.5.14's default packet time).
    public mutating func writePacket(of tone: Tone, law: G711Law, index: Int, into buffer: inout ByteBuffer) {
        let count = TonePlayer.samplesPerPacket
        writePacket(payload: law.encode(tone.samples(from: index * count, count: count)), samples: UInt32(count), into: &buffer)
    }
}
