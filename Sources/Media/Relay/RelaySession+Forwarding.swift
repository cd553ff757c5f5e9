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
            /// By side, for a side whose SDP carried a key: packets from it are SRTP.
            var inbound: [RelaySide: Keyed] = [:]
            /// By side, for a side the relay gave a key: packets to it are protected.
            var outbound: [RelaySide: Keyed] = [:]
        }

        /// One direction's SRTP session and the key parameter it was made with; `session` is
        /// `nil` when libsrtp refused the key, and the direction's packets are then dropped.
        struct Keyed {
            var keyParameter: String
            var session: SRTPSession?

            init(_ key: SRTPKeyMaterial, _ direction: SRTPSession.Direction) {
                keyParameter = key.inlineKeyParameter
                session = try? SRTPSession(suite: key.suite, key: key, direction: direction)
            }
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
            var data = envelope.data
            let bytes = data.readableBytes
            guard streams[index].destinations[side]!.accepts(from: envelope.remoteAddress, rtcp: rtcp),
                let destination = rtcp ? streams[index].destinations[side.other]!.rtcpDestination : streams[index].destinations[side.other]!.rtpDestination,
                let pair = streams[index].channels[side.other],
                Self.transform(&data, from: streams[index].inbound[side], to: streams[index].outbound[side.other], rtcp: rtcp)
            else {
                statistics.dropped += 1
                counters.dropped.add(1, ordering: .relaxed)
                return
            }
            if rtcp {
                statistics.rtcpPackets += 1
            } else {
                if bytes >= 4, let sequence = data.getInteger(at: data.readerIndex + 2, as: UInt16.self) {
                    streams[index].sequences[side]!.note(sequence)
                }
                if side == .caller { statistics.packetsFromCaller += 1 } else { statistics.packetsFromCallee += 1 }
            }
            statistics.bytes += bytes
            counters.packets.add(1, ordering: .relaxed)
            counters.bytes.add(bytes, ordering: .relaxed)
            let channel = rtcp ? pair.rtcp : pair.rtp
            channel.write(AddressedEnvelope(remoteAddress: destination, data: data), promise: nil)
            unflushed[ObjectIdentifier(channel)] = channel
        }

        /// SRTP off one side and onto the other: a packet from a secured side must pass its
        /// authentication (RFC 3711 §3.3) or is dropped, and one to a secured side leaves
        /// protected — so no plain payload reaches a leg that negotiated SRTP.
        static func transform(_ data: inout ByteBuffer, from inbound: Keyed?, to outbound: Keyed?, rtcp: Bool) -> Bool {
            do {
                if let inbound {
                    guard let session = inbound.session else { return false }
                    try rtcp ? session.unprotectRTCP(&data) : session.unprotect(&data)
                }
                if let outbound {
                    guard let session = outbound.session else { return false }
                    try rtcp ? session.protectRTCP(&data) : session.protect(&data)
                }
                return true
            } catch {
                return false
            }
        }

        /// Keys what SDES negotiated (``SDESNegotiation``). A key that cannot make a session
        /// (libsrtp refuses it) leaves the side without one, and its packets are dropped rather
        /// than sent in clear.
        func install(_ installs: [SDESNegotiation.Install]) {
            for install in installs {
                switch install {
                case .inbound(let side, let index, let key) where streams.indices.contains(index):
                    // A re-offer that repeats the key keeps the session: its replay window and
                    // rollover counter belong to the packets already seen (RFC 3711 §3.3.1).
                    if streams[index].inbound[side]?.keyParameter != key.key.inlineKeyParameter {
                        streams[index].inbound[side] = Keyed(key.key, .inbound)
                    }
                case .outbound(let side, let index, let key) where streams.indices.contains(index):
                    if streams[index].outbound[side]?.keyParameter != key.key.inlineKeyParameter {
                        streams[index].outbound[side] = Keyed(key.key, .outbound)
                    }
                case .plain(let side, let index) where streams.indices.contains(index):
                    streams[index].inbound[side] = nil
                    streams[index].outbound[side] = nil
                default:
                    break
                }
            }
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
