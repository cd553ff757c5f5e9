/// Whether a terminal's calls use Secure VoIP's SRTP media (manual §3.1.6.1; issue 16 point 4),
/// a setting per terminal. SRTP keys travel in the SDP (SDES, RFC 4568), so they are offered
/// and accepted only while the terminal's signalling is TLS.
public enum SRTPMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain RTP always: no key is offered to the terminal or taken from it.
    case off
    /// SRTP when the terminal offers or accepts a key over TLS, plain RTP otherwise: what a
    /// mixed installation needs while phones move to TLS.
    case preferred
    /// SRTP or no call: a call from the terminal without a key, or not over TLS, is refused
    /// with 488, and calls to it are offered `RTP/SAVP` only.
    case mandatory

    /// Every terminal's until an administrator chooses.
    public static let standard = SRTPMode.preferred
}
