import NIOCore

extension RelaySession {
    /// Everything the relay knows of one call, touched only on the session's event loop: each
    /// stream's sockets and destinations on both sides, and what was carried.
    final class Forwarding {
        struct Stream {
            /// By side: the RTP socket, then the RTCP socket.
            var channels: [RelaySide: (rtp: any Channel, rtcp: any Channel)]
            var destinations: [RelaySide: RelayDestination] = [.caller: RelayDestination(), .callee: RelayDestination()]
            var sequences: [RelaySide: RTPSequenceTracker] = [.caller: RTPSequenceTracker(), .callee: RTPSequenceTracker()]
        }

        var streams: [Stream]
        var statistics = RelaySessionStatistics()
        var closed = false
        let counters: RelayCounters
        /// The sockets written to during the current read burst, flushed together at its end so
        /// a batch read with `recvmmsg` leaves as a batch with `sendmmsg`.
        private var unflushed: [ObjectIdentifier: any Channel] = [:]

        init(streams: [Stream], counters: RelayCounters) {
            self.streams = streams
            self.counters = counters
        }

        /// A packet arrived on `side`'s socket of stream `index`: it is the side's own (the
        /// first latches, ``RelayDestination``) and goes out of the other side's socket to that
        /// side's destination, or it is dropped.
        func received(_ envelope: AddressedEnvelope<ByteBuffer>, side: RelaySide, stream index: Int, rtcp: Bool) {
            guard !closed, streams.indices.contains(index) else { return }
            let bytes = envelope.data.readableBytes
            guard streams[index].destinations[side]!.accepts(from: envelope.remoteAddress, rtcp: rtcp),
                let destination = rtcp ? streams[index].destinations[side.other]!.rtcpDestination : streams[index].destinations[side.other]!.rtpDestination,
                let pair = streams[index].channels[side.other]
            else {
                statistics.dropped += 1
                counters.dropped.add(1, ordering: .relaxed)
                return
            }
            if rtcp {
                statistics.rtcpPackets += 1
            } else {
                if bytes >= 4, let sequence = envelope.data.getInteger(at: envelope.data.readerIndex + 2, as: UInt16.self) {
                    streams[index].sequences[side]!.note(sequence)
                }
                if side == .caller { statistics.packetsFromCaller += 1 } else { statistics.packetsFromCallee += 1 }
            }
            statistics.bytes += bytes
            counters.packets.add(1, ordering: .relaxed)
            counters.bytes.add(bytes, ordering: .relaxed)
            let channel = rtcp ? pair.rtcp : pair.rtp
            channel.write(AddressedEnvelope(remoteAddress: destination, data: envelope.data), promise: nil)
            unflushed[ObjectIdentifier(channel)] = channel
        }

        func flush() {
            guard !unflushed.isEmpty else { return }
            for channel in unflushed.values { channel.flush() }
            unflushed.removeAll(keepingCapacity: true)
        }

        func announce(_ targets: [RelayTarget?], for side: RelaySide) {
            for index in streams.indices {
                streams[index].destinations[side]!.announce(index < targets.count ? targets[index] : nil)
            }
        }

        var currentStatistics: RelaySessionStatistics {
            var result = statistics
            result.lost = streams.reduce(0) { $0 + $1.sequences.values.reduce(0) { $0 + $1.lost } }
            return result
        }
    }
}
