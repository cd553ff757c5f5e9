import Foundation
import Media
import NIOCore

/// The physical floor of the relay's CPU figure: what libsrtp2 alone spends to unprotect and
/// re-protect the relay's packets (RFC 3711 §3.3, AES_CM_128_HMAC_SHA1_80), in one thread, in a
/// tight loop, with no socket, no event loop and no forwarding. Every relayed packet of an SRTP
/// call costs one of each, whatever the relay does around them, so the relay's CPU divided by
/// this says how much of its cost is the relaying rather than the cryptography.
///
/// The packets are the figure's own (172-octet G.711, consecutive sequence numbers per SSRC),
/// protected beforehand under each phone's key, then unprotected and protected under a second
/// key in place, as the relay does, through the same ``SRTPSession`` the relay uses. Only the
/// loop's CPU time is counted (`CLOCK_THREAD_CPUTIME_ID`).
///
/// Like for like, the loop takes its packets from as many directions of calls as the relay
/// carries, each with its own keys, in turn: a first reading kept one key pair for every packet,
/// whose keys and NSS state then never left the cache, and gave 12 % of a core where the same
/// packets over 500 key pairs take 30–40 %. It runs in the relay's own process
/// (``MediaRelayProcess``), outside the measured windows, while the relay holds no session, so
/// that as many sessions are alive as the relay holds at full load and no more: libsrtp over
/// NSS slows as sessions pile up (7 µs a packet with 3 alive, 25 µs with 2,000 while NSS was
/// started optimised for space; `SRTPLibrary` now starts it without that).
enum BareSRTPFloor {
    /// The share of one core, in percent, that `packetsPerSecond` relayed packets need, from
    /// `packets` of them spread over `streams` directions of calls, each with its own key pair,
    /// taken in turn as the relay takes them: one packet of each stream, then the next of each.
    /// With one stream every packet finds its keys in the cache; with the relay's count (two
    /// per call) each packet's keys were last touched hundreds of packets ago, as in the relay.
    static func share(packets: Int, packetsPerSecond: Int, streams: Int) throws -> Double {
        let suite = SRTPSuite.aesCM128HMACSHA1_80
        let streams = max(1, min(streams, packets))
        var inbound: [SRTPSession] = []
        var outbound: [SRTPSession] = []
        let allocator = ByteBufferAllocator()
        var buffers: [ByteBuffer] = []
        buffers.reserveCapacity(packets)
        var phones: [(session: SRTPSession, stream: MediaBenchPacket.Stream)] = []
        for _ in 0..<streams {
            let phoneKey = SRTPKeyMaterial.random(for: suite)
            phones.append((try SRTPSession(suite: suite, key: phoneKey, direction: .outbound), .random()))
            inbound.append(try SRTPSession(suite: suite, key: phoneKey, direction: .inbound))
            outbound.append(try SRTPSession(suite: suite, key: .random(for: suite), direction: .outbound))
        }
        for index in 0..<packets {
            let phone = phones[index % streams]
            var buffer = allocator.buffer(capacity: MediaBenchPacket.capacity)
            MediaBenchPacket.write(into: &buffer, stream: phone.stream, index: index / streams, sentAt: UInt64(index))
            try phone.session.protect(&buffer)
            buffers.append(buffer)
        }
        // The phones' sessions only made the packets: the loop runs with the relay's count of
        // sessions alive (inbound and outbound per direction), not half as many again.
        phones.removeAll()
        let start = threadCPUSeconds()
        for index in buffers.indices {
            try inbound[index % streams].unprotect(&buffers[index])
            try outbound[index % streams].protect(&buffers[index])
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
