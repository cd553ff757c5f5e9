/// How the media of one side of a relayed call is carried (issue 16 point 4, Secure VoIP,
/// manual §3.1.6.1): chosen by the call core from the terminal's SRTP setting and whether its
/// signalling is TLS — SDES keys travel in the SDP, so they are offered and accepted only over
/// TLS (RFC 4568 §8.3).
public enum RelaySecurity: Sendable, Hashable {
    /// Plain RTP: crypto attributes are neither offered nor accepted on this side.
    case plain
    /// SRTP when the side offers or accepts a key; `mandatory` offers `RTP/SAVP`, so a side
    /// that cannot do SRTP refuses the call, where a preferred side is offered `RTP/AVP` with
    /// a key (best-effort SRTP) and may answer plain.
    case srtp(mandatory: Bool)
}
