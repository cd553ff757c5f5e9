import Foundation
import Media
import NIOCore

/// The physical floor of the relay's CPU figure: what libsrtp2 alone spends to unprotect and
/// re-protect the relay's packets (RFC 3711 §3.3, AES_CM_128_HMAC_SHA1_80), in one thread, in a
/// tight loop, with no socket, no event loop and no forwarding. Every relayed packet of an SRTP
/// call costs one of each, whatever the relay does around them, so the relay's CPU divided by
/// this says how much of its cost is the relaying rather than the cryptography.
///
/// The packets are the figure's own (172-octet G.711, consecutive sequence numbers of one SSRC),
/// protected beforehand under the phone's key, then unprotected and protected under a second
/// key in place, as the relay does, through the same ``SRTPSession`` the relay uses. Only the
/// loop's CPU time is counted (`CLOCK_THREAD_CPUTIME_ID`).
///
/// The cost of one packet depended on how many SRTP sessions the process holds while libsrtp
/// started NSS optimised for space (7 µs with 3 sessions alive, 25 µs with 2,000); `SRTPLibrary`
/// now starts NSS first without that, which keeps it flat. The floor is still measured in the
/// relay's own process (``MediaRelayProcess``), outside the measured windows, with the relay's
/// sessions alive — the same library in the same state — and once before the relay opened any,
/// which shows what the number of sessions adds.
enum BareSRTPFloor {
    /// The share of one core, in percent, that `packetsPerSecond` relayed packets need, from
    /// `packets` of them.
    static func share(packets: Int, packetsPerSecond: Int) throws -> Double {
        let suite = SRTPSuite.aesCM128HMACSHA1_80
        let phoneKey = SRTPKeyMaterial.random(for: suite)
        let phone = try SRTPSession(suite: suite, key: phoneKey, direction: .outbound)
        let inbound = try SRTPSession(suite: suite, key: phoneKey, direction: .inbound)
        let outbound = try SRTPSession(suite: suite, key: .random(for: suite), direction: .outbound)
        let stream = MediaBenchPacket.Stream.random()
        let allocator = ByteBufferAllocator()
        var buffers: [ByteBuffer] = []
        buffers.reserveCapacity(packets)
        for index in 0..<packets {
            var buffer = allocator.buffer(capacity: MediaBenchPacket.capacity)
            MediaBenchPacket.write(into: &buffer, stream: stream, index: index, sentAt: UInt64(index))
            try phone.protect(&buffer)
            buffers.append(buffer)
        }
        let start = threadCPUSeconds()
        for index in buffers.indices {
            try inbound.unprotect(&buffers[index])
            try outbound.protect(&buffers[index])
        }
        let seconds = threadCPUSeconds() - start
        guard buffers.allSatisfy({ $0.readableBytes == MediaBenchPacket.length + suite.rtpTrailerLength }) else {
            throw BenchError("the bare SRTP loop did not give back whole packets")
        }
        return 100 * seconds / (Double(packets) / Double(packetsPerSecond))
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
