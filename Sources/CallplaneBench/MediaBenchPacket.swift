import NIOCore

/// The packets of the media figure: G.711 µ-law as a phone sends it (RFC 3551 §4.5.14, payload
/// type 0, 8,000 samples/s): 20 ms per packet, so 160 one-octet samples behind the 12-octet
/// fixed header (RFC 3550 §5.1), 172 octets before SRTP adds its tag.
///
/// Sequence number and timestamp advance by 1 and 160 from random first values, with one SSRC
/// per direction, as RFC 3550 §5.1 asks of a sender: libsrtp derives each packet's index from
/// the sequence number and keeps a replay list per SSRC (RFC 3711 §3.3.1, §3.3.2), so a stream
/// that does not look like a real one would not cost what a real one does.
///
/// The payload is not audio: its first 8 octets carry the generator's send time, which is how
/// the delay of each packet is taken without a table shared between sending and receiving, and
/// the other 152 are a pattern of the stream and the packet, checked on arrival, so a relay that
/// re-protected the wrong bytes is caught (its own SRTP tag would authenticate them).
enum MediaBenchPacket {
    static let headerLength = 12
    static let payloadLength = 160
    static let length = headerLength + payloadLength
    /// RTP timestamp units per packet: 20 ms at 8 kHz.
    static let samplesPerPacket: UInt32 = 160
    static let intervalMilliseconds = 20
    /// Room for the SRTP tag of AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.2.1) and a spare word.
    static let capacity = length + 16

    /// What identifies one direction's stream in its packets.
    struct Stream: Sendable {
        var ssrc: UInt32
        var firstSequence: UInt16
        var firstTimestamp: UInt32

        static func random() -> Stream {
            Stream(ssrc: .random(in: .min ... .max), firstSequence: .random(in: .min ... .max), firstTimestamp: .random(in: .min ... .max))
        }
    }

    /// Writes packet number `index` of `stream`, sent at `sentAt` (monotonic nanoseconds).
    /// The marker bit is set on the first packet only, the start of the call's one talkspurt
    /// (RFC 3551 §4.1).
    static func write(into buffer: inout ByteBuffer, stream: Stream, index: Int, sentAt: UInt64) {
        let sequence = stream.firstSequence &+ UInt16(truncatingIfNeeded: index)
        let timestamp = stream.firstTimestamp &+ UInt32(truncatingIfNeeded: index) &* samplesPerPacket
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes in
            bytes[0] = 0x80
            bytes[1] = index == 0 ? 0x80 : 0x00
            bytes.storeBytes(of: sequence.bigEndian, toByteOffset: 2, as: UInt16.self)
            bytes.storeBytes(of: timestamp.bigEndian, toByteOffset: 4, as: UInt32.self)
            bytes.storeBytes(of: stream.ssrc.bigEndian, toByteOffset: 8, as: UInt32.self)
            bytes.storeBytes(of: sentAt.bigEndian, toByteOffset: headerLength, as: UInt64.self)
            for offset in (headerLength + 8)..<length { bytes[offset] = pattern(stream, index, offset) }
            return length
        }
    }

    /// The packet's index and send time when `buffer` holds, byte for byte, a packet that
    /// ``write(into:stream:index:sentAt:)`` made for `stream`; `nil` otherwise.
    static func check(_ buffer: ByteBuffer, stream: Stream) -> (index: Int, sentAt: UInt64)? {
        guard buffer.readableBytes == length else { return nil }
        return buffer.withUnsafeReadableBytes { bytes -> (Int, UInt64)? in
            let sequence = UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
            let index = Int(sequence &- stream.firstSequence)
            let timestamp = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let ssrc = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            guard bytes[0] == 0x80, bytes[1] == (index == 0 ? 0x80 : 0x00), ssrc == stream.ssrc,
                timestamp == stream.firstTimestamp &+ UInt32(truncatingIfNeeded: index) &* samplesPerPacket
            else { return nil }
            for offset in (headerLength + 8)..<length where bytes[offset] != pattern(stream, index, offset) { return nil }
            return (index, UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: headerLength, as: UInt64.self)))
        }
    }

    @inline(__always)
    private static func pattern(_ stream: Stream, _ index: Int, _ offset: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: Int(stream.ssrc) &+ index &* 131 &+ offset)
    }
}
