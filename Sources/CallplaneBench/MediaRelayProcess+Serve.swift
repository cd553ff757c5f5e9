import Foundation
import Media
import SIP

extension MediaRelayProcess {
    /// The relay's side (see the type's documentation); `arguments` follow ``argument``.
    static func serve(_ arguments: [String]) async throws {
        guard arguments.count == 3, let first = Int(arguments[0]), let last = Int(arguments[1]), let sessionLimit = Int(arguments[2]), first <= last
        else { throw BenchError("usage: \(argument) FIRST-PORT LAST-PORT SESSIONS") }
        let relay = RTPRelay(host: "127.0.0.1", ports: first...last, sessionLimit: sessionLimit)
        var sessions: [RelaySession] = []
        say(readyLine)
        while let line = Swift.readLine() {
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "open" where words.count == 5:
                guard let callerPort = Int(words[1]), let calleePort = Int(words[3]) else { throw BenchError("bad open: \(line)") }
                let (session, answer) = try await open(relay, callerPort: callerPort, callerKey: words[2], calleePort: calleePort, calleeKey: words[4])
                sessions.append(session)
                say(answer)
            case "counters":
                say("counters \(relay.counters.packetsRelayed) \(relay.counters.packetsDropped)")
            case "floor" where words.count == 4:
                guard let packets = Int(words[1]), let rate = Int(words[2]), let streams = Int(words[3]) else { throw BenchError("bad floor: \(line)") }
                say("floor \(try BareSRTPFloor.share(packets: packets, packetsPerSecond: rate, streams: streams))")
            case "close":
                var total = RelaySessionStatistics()
                for session in sessions {
                    let statistics = await session.close()
                    total.packetsFromCaller += statistics.packetsFromCaller
                    total.packetsFromCallee += statistics.packetsFromCallee
                    total.dropped += statistics.dropped
                    total.lost += statistics.lost
                }
                sessions = []
                say("closed \(total.packetsFromCaller) \(total.packetsFromCallee) \(total.dropped) \(total.lost)")
            default:
                throw BenchError("the media relay does not know \(line)")
            }
        }
        for session in sessions { await session.close() }
    }

    /// One call as the B2BUA would set it up for two SRTP-mandatory phones (issue 16 point 4)
    /// that have only AES_CM_128_HMAC_SHA1_80, the suite every SDES phone offers: the caller's
    /// offer with its key through the relay to the callee, and the callee's answer taking the
    /// line of the relay's offer in that suite (the relay lists AEAD_AES_128_GCM first), with
    /// its key, back. Each rewritten description must name the relay's address and the port
    /// facing its reader, in RTP/SAVP, and each phone gets the relay's key in its suite.
    private static func open(_ relay: RTPRelay, callerPort: Int, callerKey: String, calleePort: Int, calleeKey: String) async throws -> (
        RelaySession, String
    ) {
        let suite = SRTPSuite.aesCM128HMACSHA1_80.sdpName
        let session = try await relay.open(streams: 1)
        session.secure(.caller, .srtp(mandatory: true))
        session.secure(.callee, .srtp(mandatory: true))
        let toCallee = session.relay(try description(port: callerPort, tag: 1, key: callerKey), from: .caller, isOffer: true)
        guard let offered = try toCallee.media.first?.cryptos.first(where: { $0.suite == suite }) else {
            throw BenchError("the relay's offer to the callee has no \(suite) line: \(toCallee.text)")
        }
        let toCaller = session.relay(try description(port: calleePort, tag: offered.tag, key: calleeKey), from: .callee, isOffer: false)
        var answer = "opened"
        for (description, side, tag) in [(toCaller, RelaySide.caller, UInt32(1)), (toCallee, .callee, offered.tag)] {
            guard let stream = description.media.first, stream.proto == "RTP/SAVP", let crypto = try stream.cryptos.first(where: { $0.tag == tag }),
                crypto.suite == suite, Int(stream.port) == Int(session.ports(facing: side)[0]), description.connection?.address == relay.host
            else { throw BenchError("the relay's description for the \(side) is not SRTP to its own port: \(description.text)") }
            answer += " \(stream.port) \(crypto.keyParameters)"
        }
        return (session, answer)
    }

    /// A phone's offer or answer: G.711 µ-law at 20 ms over RTP/SAVP with one SDES key in
    /// AES_CM_128_HMAC_SHA1_80 under `tag` (RFC 4568 §9.1), at 127.0.0.1.
    private static func description(port: Int, tag: UInt32, key: String) throws -> SDPSessionDescription {
        let lines = [
            "v=0", "o=- \(port) 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio \(port) RTP/SAVP 0", "a=rtpmap:0 PCMU/8000",
            "a=ptime:20", "a=crypto:\(tag) AES_CM_128_HMAC_SHA1_80 \(key)",
        ]
        return try SDPSessionDescription(parsing: lines.joined(separator: "\r\n") + "\r\n")
    }

    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
