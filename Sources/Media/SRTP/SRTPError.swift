/// Why an SRTP key could not be read or a session could not be made, or why a packet was not
/// protected or unprotected. Each description starts with a stable code (libsrtp's status name
/// where the library decided) and names the rule that refused, so a log line says what happened
/// without the key or the packet in it.
public enum SRTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The packet's tag does not match its contents: it was altered, or keyed differently.
    case authenticationFailed
    /// The packet's index was already received, or on protect already sent.
    case replayed
    /// The packet's index is older than the replay window, so whether it is a replay cannot be
    /// told.
    case replayTooOld
    /// Another libsrtp status; `name` is its `srtp_err_status_*` name, `operation` the call.
    case library(status: Int, name: String, operation: String)
    /// Fewer octets than the smallest packet the operation accepts.
    case packetTooShort(length: Int, minimum: Int)
    /// A packet longer than libsrtp's `int` length with the trailer added.
    case packetTooLong(length: Int)
    /// `protect` on an inbound session or `unprotect` on an outbound one.
    case wrongDirection(session: SRTPSession.Direction, operation: String)
    /// The session was asked for one suite and given key material for another.
    case suiteMismatch(session: SRTPSuite, key: SRTPSuite)
    /// This libsrtp build cannot key a session with the suite.
    case suiteUnavailable(SRTPSuite)
    /// The key parameter's method is not `inline`, the only one SDES defines for SRTP.
    case notInlineKey
    /// The key-salt is not base64.
    case invalidBase64
    /// The key-salt decodes to the wrong number of octets for the suite.
    case wrongKeyLength(suite: SRTPSuite, expected: Int, actual: Int)
    /// The key parameter has an MKI, which this implementation does not send or accept.
    case mkiNotSupported
    /// The lifetime field is not `[2^]digits`, or is longer than SRTP allows.
    case invalidLifetime(String)
    /// The key parameter has more fields than key-salt, lifetime and MKI.
    case malformedKeyParameter(reason: String)

    public var description: String {
        switch self {
        case .authenticationFailed:
            "srtp_err_status_auth_fail: authentication tag did not verify (RFC 3711 §3.3 step 5)"
        case .replayed:
            "srtp_err_status_replay_fail: replayed packet (RFC 3711 §3.3.2); on protect, an index already sent, which would reuse keystream (RFC 3711 §9.1)"
        case .replayTooOld:
            "srtp_err_status_replay_old: packet index is behind the replay window, so it is discarded as a possible replay (RFC 3711 §3.3.2)"
        case .library(let status, let name, let operation):
            "\(name): libsrtp \(operation) failed with status \(status)"
        case .packetTooShort(let length, let minimum):
            "srtp_packet_too_short: \(length) octets, at least \(minimum) needed: the RTP or RTCP header and, when unprotecting, the SRTP trailer (RFC 3711 §3.1, §3.4)"
        case .packetTooLong(let length):
            "srtp_packet_too_long: \(length) octets and the trailer do not fit libsrtp's int length"
        case .wrongDirection(let direction, let operation):
            "srtp_wrong_direction: \(operation) on an \(direction) session: a session keys one direction, and a key must never protect in both (RFC 3711 §9.1)"
        case .suiteMismatch(let session, let key):
            "srtp_suite_mismatch: a session of \(session) given key material for \(key)"
        case .suiteUnavailable(let suite):
            "srtp_suite_unavailable: this libsrtp build cannot create a \(suite) session"
        case .notInlineKey:
            "srtp_key_not_inline: the key parameter must be inline:<key-salt>, the only SRTP key method (RFC 4568 §9.2)"
        case .invalidBase64:
            "srtp_key_bad_base64: the key-salt is not base64 (RFC 4568 §9.2, RFC 4648 §4)"
        case .wrongKeyLength(let suite, let expected, let actual):
            "srtp_key_wrong_length: \(suite) needs \(expected) octets of master key and salt, the key-salt decodes to \(actual) (\(suite == .aeadAES128GCM ? "RFC 7714 §14.2" : "RFC 4568 §6.2"))"
        case .mkiNotSupported:
            "srtp_key_mki_unsupported: the key parameter carries an MKI (RFC 4568 §6.1), which this side does not send or accept; offer the key without |MKI:length"
        case .invalidLifetime(let text):
            "srtp_key_bad_lifetime: \"\(text)\" is not [2^]digits of at most 2^48 packets (RFC 4568 §6.1, §6.2.1)"
        case .malformedKeyParameter(let reason):
            "srtp_key_malformed: \(reason) (RFC 4568 §9.2)"
        }
    }
}
