import SIP

extension SDPSessionDescription {
    /// Whether a stream in use carries an SDES key (RFC 4568) this build can key SRTP with.
    public var carriesSRTPKeys: Bool {
        media.contains { $0.port != 0 && !SDESNegotiation.usable(in: $0).isEmpty }
    }

    /// The description without its SDES keys: what goes on from a side that may not use them
    /// (no TLS, or SRTP off), so a key never travels further over a path that shows it.
    public func withoutSRTPKeys() -> SDPSessionDescription {
        var copy = self
        for index in copy.media.indices { copy.media[index].attributes.removeAll { $0.name == "crypto" } }
        return copy
    }

    /// Whether a stream in use asks for the SRTP profile (`RTP/SAVP`, `RTP/SAVPF`), which an
    /// answerer without keys must decline (RFC 3711 §12, RFC 4568 §7.1.2).
    public var requiresSRTP: Bool {
        media.contains { $0.port != 0 && $0.isRTP && $0.proto.contains("SAVP") }
    }
}
