import NIOCore
import SIP

extension SDPSessionDescription {
    /// Attributes that would let the endpoints find each other around the relay (ICE, RFC 8839)
    /// or put RTCP on the RTP port (RFC 5761), which the relay's port pairs do not do. They are
    /// dropped from every description the relay rewrites.
    static let relayBypassingAttributes: Set<String> = [
        "candidate", "remote-candidates", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch", "end-of-candidates", "rtcp-mux",
        "rtcp-mux-only",
    ]

    /// The description as the other side must see it when the relay carries the media
    /// ("indirect switching", issue 16 point 3): every stream in use at the relay's `host` and
    /// the RTP port of `ports` at its index (RTCP on the next port, RFC 3550 §11, and said so in
    /// `a=rtcp`, RFC 3605), codecs, directions and everything else as they were.
    ///
    /// A stream on hold with RFC 2543's `c=0.0.0.0` keeps it, so the other side still sees the
    /// hold (RFC 3264 §8.4); a stream with port 0 stays declined, and so does one beyond the
    /// ports the relay holds for the call (an offer that adds a stream mid-call).
    public func relayed(host: String, ports: [UInt16]) -> SDPSessionDescription {
        let addressType = host.contains(":") ? "IP6" : "IP4"
        let relayConnection = SDPConnection(addressType: addressType, address: host)
        var copy = self
        copy.origin.addressType = addressType
        copy.origin.address = host
        copy.connection = connection?.isLegacyHold == true && media.allSatisfy { $0.connection == nil } ? connection : relayConnection
        copy.attributes = attributes.filter { !Self.relayBypassingAttributes.contains($0.name) }
        for index in copy.media.indices {
            let original = media[index]
            var stream = original
            stream.attributes = original.attributes.filter { !Self.relayBypassingAttributes.contains($0.name) && $0.name != "rtcp" }
            if original.port == 0 || index >= ports.count {
                stream.port = 0
            } else if connection(of: original)?.isLegacyHold == true {
                stream.connection = SDPConnection(address: "0.0.0.0")
                stream.port = ports[index]
            } else {
                stream.connection = copy.connection == relayConnection ? nil : relayConnection
                stream.port = ports[index]
                stream.attributes.append(SDPAttribute("rtcp", String(ports[index] + 1) + " IN " + addressType + " " + host))
            }
            copy.media[index] = stream
        }
        return copy
    }

    /// Where the writer of this description receives each stream: its RTP and RTCP addresses
    /// (`a=rtcp` when given, RFC 3605, else the RTP port plus one), `nil` for a stream that is
    /// declined, on hold with `c=0.0.0.0`, or at a host name rather than an address — the relay
    /// then waits for the first packet from that side and latches onto its source.
    public var relayTargets: [RelayTarget?] {
        media.map { stream in
            guard stream.port != 0, let connection = connection(of: stream), !connection.isLegacyHold,
                let rtp = try? SocketAddress(ipAddress: connection.address, port: Int(stream.port))
            else { return nil }
            let rtcpPort = ((try? stream.rtcp) ?? nil).map { Int($0.port) } ?? Int(stream.port) + 1
            return RelayTarget(rtp: rtp, rtcp: try? SocketAddress(ipAddress: connection.address, port: rtcpPort))
        }
    }
}
