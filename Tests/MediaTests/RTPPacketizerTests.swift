import NIOCore
import Testing

@testable import Media

/// The fixed RTP header of RFC 3550 §5.1, byte for byte.
@Suite struct RTPPacketizerTests {
    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    @Test func headersOfConsecutivePackets() {
        var packetizer = RTPPacketizer(payloadType: 0, ssrc: 0x1122_3344, sequenceNumber: 0xFFFF, timestamp: 0xFFFF_FF00)
        var first = ByteBuffer()
        packetizer.writePacket(payload: [0xAA, 0xBB], samples: 160, into: &first)
        // V=2, no padding, extension or CSRC; marker set on the first packet, PT 0; then
        // sequence number, timestamp and SSRC in network order; then the payload.
        #expect(Self.bytes(first) == [0x80, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0xAA, 0xBB])
        var second = ByteBuffer()
        packetizer.writePacket(payload: [0xCC], samples: 160, into: &second)
        // No marker; the sequence number wraps to 0, the timestamp advances by 160.
        #expect(Self.bytes(second) == [0x80, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xA0, 0x11, 0x22, 0x33, 0x44, 0xCC])
        var third = ByteBuffer()
        packetizer.writePacket(payload: [], samples: 160, into: &third)
        #expect(Self.bytes(third) == [0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x11, 0x22, 0x33, 0x44], "the timestamp wraps modulo 2^32")
    }

    @Test func pcmaPayloadType() {
        var packetizer = RTPPacketizer(payloadType: 8, ssrc: 1, sequenceNumber: 7, timestamp: 0)
        var first = ByteBuffer()
        packetizer.writePacket(payload: [], samples: 160, into: &first)
        var second = ByteBuffer()
        packetizer.writePacket(payload: [], samples: 160, into: &second)
        #expect(Self.bytes(first).prefix(4) == [0x80, 0x88, 0x00, 0x07])
        #expect(Self.bytes(second).prefix(4) == [0x80, 0x08, 0x00, 0x08])
        #expect(first.readableBytes == RTPPacketizer.headerSize)
    }

    /// §5.1: SSRC, first sequence number and first timestamp are random, so two streams
    /// started together differ.
    @Test func startsAreRandom() {
        let streams = (0..<64).map { _ in RTPPacketizer(payloadType: 0) }
        #expect(Set(streams.map(\.ssrc)).count > 60)
        #expect(Set(streams.map(\.sequenceNumber)).count > 50)
        #expect(Set(streams.map(\.timestamp)).count > 60)
    }
}
