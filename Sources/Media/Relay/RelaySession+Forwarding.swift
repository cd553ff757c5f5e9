import NIOCore

extension RelaySession {
    /// Everything the relay knows of one call, touched only on the session's event loop: each
    /// stream's sockets and destinations on both sides, and what was carried.
    final class Forwarding {
        struct Stream {
            /// By side: the RTP socket, then the RTCP socket.
            var channels: RelaySidePair<(rtp: any Channel, rtcp: any Channel)>
            var destinations = RelaySidePair(repeating: RelayDestination())
            var sequences = RelaySidePair(repeating: RTPSequenceTracker())
            /// By side, for a side whose SDP carried a key: packets from it are SRTP.
            var inbound = RelaySidePair<Keyed?>()
            /// By side, for a side the relay gave a key: packets to it are protected.
            var outbound = RelaySidePair<Keyed?>()
            /// What each side's description says of its events and voice.
            var formats = RelaySidePair<RelayStreamFormats?>()
            /// The RTP timestamp of each side's current telephone event: a new one starts a new
            /// digit (RFC 4733 §2.5.1.3); the repeats and end packets of one event share it.
            var eventTimestamps = RelaySidePair<UInt32?>()
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
        /// The relay's totals, shared by every call on every loop: added to once per read
        /// burst (``flush()``) rather than per packet (``RelayCounters/add(packets:bytes:dropped:lost:)``).
        let counters: RelayCounters
        /// The call's own counts, which its session reads without a hop to this loop.
        let callCounters = RelayCounters()
        /// What the current read burst relayed and dropped, not yet in the counters.
        private var burst = (packets: 0, bytes: 0, dropped: 0, lost: 0)
        /// The sockets written to during the current read burst, flushed together at its end so
        /// a batch read with `recvmmsg` leaves as a batch with `sendmmsg`; a burst touches few.
        private var unflushed: [any Channel] = []

        /// Digits pressed on a side (RFC 4733 events 0–9, `*`, `#`), each once.
        let onDigit: (@Sendable (RelaySide, Character) -> Void)?
        /// Tones being played into a side of the first stream; its own voice is held meanwhile.
        var playbacks = RelaySidePair<RelayTonePlayback?>()

        init(streams: [Stream], counters: RelayCounters, onDigit: (@Sendable (RelaySide, Character) -> Void)? = nil) {
            self.streams = streams
            self.counters = counters
            self.onDigit = onDigit
        }

        /// A packet arrived on `side`'s socket of stream `index`: it is the side's own (the
        /// first latches, ``RelayDestination``) and goes out of the other side's socket to that
        /// side's destination, or it is dropped.
        func received(_ envelope: AddressedEnvelope<ByteBuffer>, side: RelaySide, stream index: Int, rtcp: Bool) {
            guard !closed, streams.indices.contains(index) else { return }
            var data = envelope.data
            let bytes = data.readableBytes
            guard streams[index].destinations[side].accepts(from: envelope.remoteAddress, rtcp: rtcp),
                let destination = rtcp ? streams[index].destinations[side.other].rtcpDestination : streams[index].destinations[side.other].rtpDestination,
                Self.transform(&data, from: streams[index].inbound[side], to: streams[index].outbound[side.other], rtcp: rtcp)
            else {
                burst.dropped += 1
                return
            }
            let pair = streams[index].channels[side.other]
            if !rtcp, index == 0, playbacks[side.other] != nil {
                // The other side hears a tone now, not this side's voice.
                return
            }
            if rtcp {
                statistics.rtcpPackets += 1
            } else {
                if index == 0 { noteEvent(in: data, from: side) }
                if bytes >= 4, let sequence = data.getInteger(at: data.readerIndex + 2, as: UInt16.self) {
                    let before = streams[index].sequences[side].lost
                    streams[index].sequences[side].note(sequence)
                    burst.lost += streams[index].sequences[side].lost - before
                }
                if side == .caller { statistics.packetsFromCaller += 1 } else { statistics.packetsFromCallee += 1 }
            }
            burst.packets += 1
            burst.bytes += bytes
            let channel = rtcp ? pair.rtcp : pair.rtp
            channel.write(AddressedEnvelope(remoteAddress: destination, data: data), promise: nil)
            if !unflushed.contains(where: { $0 === channel }) { unflushed.append(channel) }
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

        /// Reports a digit at the first packet of each new telephone event from `side` (RFC 4733
        /// §2.3: event, E bit, volume, duration; §2.5.1.3: one timestamp per event).
        private func noteEvent(in packet: ByteBuffer, from side: RelaySide) {
            guard let onDigit, let eventType = streams[0].formats[side]?.telephoneEvent, packet.readableBytes >= 16,
                let marker = packet.getInteger(at: packet.readerIndex + 1, as: UInt8.self), marker & 0x7F == eventType,
                let timestamp = packet.getInteger(at: packet.readerIndex + 4, as: UInt32.self),
                let event = packet.getInteger(at: packet.readerIndex + 12, as: UInt8.self)
            else { return }
            guard streams[0].eventTimestamps[side] != timestamp else { return }
            streams[0].eventTimestamps[side] = timestamp
            let digit: Character? =
                switch event {
                case 0...9: Character(String(event))
                case 10: "*"
                case 11: "#"
                default: nil
                }
            if let digit { onDigit(side, digit) }
        }

        /// Plays `tone` into `side` for `packets` packets of 20 ms, from the relay's socket that
        /// faces it (``RelayTonePlayback``). A side whose codec the relay does not know hears
        /// nothing.
        func play(_ tone: Tone, to side: RelaySide, packets: Int, on eventLoop: any EventLoop, box: NIOLoopBoundBox<Forwarding>) {
            guard !closed, let formats = streams.first?.formats[side], let law = formats.voice, let payloadType = formats.voicePayloadType else { return }
            playbacks[side]?.task?.cancel()
            var playback = RelayTonePlayback(tone: tone, law: law, packetizer: RTPPacketizer(payloadType: payloadType), packets: packets)
            playback.task = eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: TonePlayer.packetInterval) { task in
                box.value.sendTonePacket(to: side, task: task)
            }
            playbacks[side] = playback
        }

        private func sendTonePacket(to side: RelaySide, task: RepeatedTask) {
            guard !closed, var playback = playbacks[side], playback.sent < playback.packets, let destination = streams[0].destinations[side].rtpDestination
            else {
                task.cancel()
                playbacks[side] = nil
                return
            }
            let channel = streams[0].channels[side].rtp
            var buffer = channel.allocator.buffer(capacity: RTPPacketizer.headerSize + TonePlayer.samplesPerPacket + 64)
            playback.packetizer.writePacket(of: playback.tone, law: playback.law, index: playback.sent, into: &buffer)
            playback.sent += 1
            playbacks[side] = playback
            guard Self.transform(&buffer, from: nil, to: streams[0].outbound[side], rtcp: false) else { return }
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: buffer), promise: nil)
        }

        /// Ends a read burst: its writes leave, and its counts go into the counters.
        func flush() {
            counters.add(packets: burst.packets, bytes: burst.bytes, dropped: burst.dropped)
            callCounters.add(packets: burst.packets, bytes: burst.bytes, dropped: burst.dropped, lost: burst.lost)
            burst = (0, 0, 0, 0)
            guard !unflushed.isEmpty else { return }
            for channel in unflushed { channel.flush() }
            unflushed.removeAll(keepingCapacity: true)
        }

        func announce(_ targets: [RelayTarget?], formats: [RelayStreamFormats], for side: RelaySide) {
            for index in streams.indices {
                streams[index].destinations[side].announce(index < targets.count ? targets[index] : nil)
                streams[index].formats[side] = index < formats.count ? formats[index] : nil
            }
        }

        /// The per-direction counts kept here, with the totals the call's counters keep.
        var currentStatistics: RelaySessionStatistics {
            var result = statistics
            result.bytes = callCounters.bytesRelayed
            result.dropped = callCounters.packetsDropped
            result.lost = callCounters.packetsLost
            return result
        }
    }
}
