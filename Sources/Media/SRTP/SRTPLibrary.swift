import CSRTP
import Glibc

/// The one file that calls libsrtp2: library start-up, session policy, the four packet
/// transforms and the mapping of `srtp_err_status_t` to ``SRTPError``. Everything else in Media
/// sees a session as an `OpaquePointer` and a packet as bytes.
///
/// libsrtp keeps global state (its crypto kernel, and through NSS on Debian, NSS's own), which
/// `srtp_init` sets up and `srtp_shutdown` tears down. The library is initialised once, lazily,
/// and never shut down: sessions may live until the process ends, and a shutdown under them
/// would free what they use.
enum SRTPLibrary {
    /// The four per-packet transforms of RFC 3711: §3.3 for SRTP, §3.4 for SRTCP.
    enum Transform: Sendable {
        case protectRTP
        case unprotectRTP
        case protectRTCP
        case unprotectRTCP

        var name: String {
            switch self {
            case .protectRTP: "srtp_protect"
            case .unprotectRTP: "srtp_unprotect"
            case .protectRTCP: "srtp_protect_rtcp"
            case .unprotectRTCP: "srtp_unprotect_rtcp"
            }
        }
    }

    /// `srtp_init`'s outcome. A `static let` is initialised once under the runtime's lock,
    /// however many threads create sessions at the same time.
    ///
    /// Debian's libsrtp2 does its AES through NSS, opening a PKCS#11 context for every packet,
    /// and starts NSS optimised for space: NSS's softoken then keeps its open sessions in a small
    /// table whose hash chains grow with every live SRTP session, so each packet cost 7 µs with
    /// three calls and 25 µs with a thousand (measured, `ops/bench --only media`). NSS started
    /// first without `NSS_INIT_OPTIMIZESPACE` keeps the large table, and libsrtp's own start-up
    /// joins it: about 5 µs whatever the number of calls. NSS is loaded already (libsrtp2 links
    /// it), so its entry point is looked up; a build without NSS skips this.
    private static let initialization: SRTPError? = {
        startNSSForSpeed()
        let status = srtp_init()
        return status == srtp_err_status_ok ? nil : error(status, operation: "srtp_init")
    }()

    /// `NSS_INIT_READONLY | NSS_INIT_NOCERTDB | NSS_INIT_NOMODDB | NSS_INIT_FORCEOPEN |
    /// NSS_INIT_NOROOTINIT` (nss.h): no databases, no root certificates, and not
    /// `NSS_INIT_OPTIMIZESPACE`.
    private static let nssFlags: UInt32 = 0x1 | 0x2 | 0x4 | 0x8 | 0x10

    private static func startNSSForSpeed() {
        typealias Initialize =
            @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UInt32) -> Int32
        guard let symbol = dlsym(nil, "NSS_Initialize") else { return }
        _ = unsafeBitCast(symbol, to: Initialize.self)("", "", "", "", nssFlags)
    }

    /// A session for one direction of one suite, keyed with `keyMaterial` (master key followed by
    /// master salt, as libsrtp and the `inline:` key parameter both lay them out).
    ///
    /// The SSRC is a wildcard: an outbound session protects any SSRC the peer is told about, an
    /// inbound one accepts any SSRC whose packets authenticate, and libsrtp keeps a separate
    /// rollover counter and replay list for each (RFC 3711 §3.2.3). libsrtp adds an inbound
    /// SSRC only after its first packet authenticates, so forged SSRCs cannot fill the table.
    /// The replay window is libsrtp's default of 128 packets, above the 64 that RFC 3711
    /// §3.3.2 sets as the minimum.
    static func createSession(
        suite: SRTPSuite, keyMaterial: [UInt8], direction: SRTPSession.Direction
    ) throws(SRTPError) -> OpaquePointer {
        if let initialization { throw initialization }
        precondition(keyMaterial.count == suite.keyMaterialLength, "key material is \(suite.keyMaterialLength) octets for \(suite)")
        var policy = srtp_policy_t()
        switch suite {
        case .aesCM128HMACSHA1_80:
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aesCM128HMACSHA1_32:
            srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp)
            // The 32-bit tag is for SRTP only; SRTCP keeps 80 bits (RFC 4568 §6.2.2).
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aeadAES128GCM:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        }
        policy.ssrc.type = direction == .outbound ? ssrc_any_outbound : ssrc_any_inbound
        // libsrtp derives the session keys inside srtp_create and keeps no pointer to the master
        // key: the pointer need only outlive the call.
        var key = keyMaterial
        var session: OpaquePointer?
        let status = key.withUnsafeMutableBufferPointer { key in
            policy.key = key.baseAddress
            return srtp_create(&session, &policy)
        }
        guard status == srtp_err_status_ok, let session else {
            if let session { srtp_dealloc(session) }
            throw error(status, operation: "srtp_create")
        }
        return session
    }

    /// Releases a session made by ``createSession(suite:keyMaterial:direction:)`` and every
    /// stream libsrtp cloned from it.
    static func deallocate(_ session: OpaquePointer) {
        _ = srtp_dealloc(session)
    }

    /// Whether this build can key a session with `suite`: a build whose crypto backend lacks
    /// AES-GCM still declares its policy functions, and `srtp_create` is where it says no.
    static func canCreateSession(suite: SRTPSuite) -> Bool {
        let probeKey = [UInt8](repeating: 0, count: suite.keyMaterialLength)
        guard let session = try? createSession(suite: suite, keyMaterial: probeKey, direction: .outbound) else { return false }
        deallocate(session)
        return true
    }

    /// Applies `transform` in place to the `length` octets at `packet`, and returns the new
    /// length or the failure.
    ///
    /// Protecting writes the trailer directly after the packet: the caller must own
    /// `suite.rtpTrailerLength` (RTP) or `suite.rtcpTrailerLength` (RTCP) octets there. libsrtp's
    /// header asks for `SRTP_MAX_TRAILER_LEN` (144) octets, a bound for every policy with the
    /// largest MKI; without an MKI it writes exactly the tag (and for SRTCP the index), which
    /// `srtp_get_protect_trailer_length` confirms for each session and the tests check with a
    /// guard pattern after the trailer.
    static func apply(
        _ transform: Transform, session: OpaquePointer, packet: UnsafeMutableRawPointer, length: Int
    ) -> Result<Int, SRTPError> {
        var octets = Int32(length)
        let status =
            switch transform {
            case .protectRTP: srtp_protect(session, packet, &octets)
            case .unprotectRTP: srtp_unprotect(session, packet, &octets)
            case .protectRTCP: srtp_protect_rtcp(session, packet, &octets)
            case .unprotectRTCP: srtp_unprotect_rtcp(session, packet, &octets)
            }
        guard status == srtp_err_status_ok else { return .failure(error(status, operation: transform.name)) }
        return .success(Int(octets))
    }

    /// The octets libsrtp says protecting adds on `session`, for RTP and RTCP, without an MKI.
    static func trailerLengths(session: OpaquePointer) -> (rtp: Int, rtcp: Int) {
        var rtp: UInt32 = 0
        var rtcp: UInt32 = 0
        _ = srtp_get_protect_trailer_length(session, 0, 0, &rtp)
        _ = srtp_get_protect_rtcp_trailer_length(session, 0, 0, &rtcp)
        return (Int(rtp), Int(rtcp))
    }

    /// The statuses a packet can meet have their own cases, so callers can count or log them
    /// by kind; the rest keep libsrtp's name for the code.
    private static func error(_ status: srtp_err_status_t, operation: String) -> SRTPError {
        switch status {
        case srtp_err_status_auth_fail: .authenticationFailed
        case srtp_err_status_replay_fail: .replayed
        case srtp_err_status_replay_old: .replayTooOld
        default: .library(status: Int(status.rawValue), name: name(of: status), operation: operation)
        }
    }

    private static func name(of status: srtp_err_status_t) -> String {
        switch status {
        case srtp_err_status_fail: "srtp_err_status_fail"
        case srtp_err_status_bad_param: "srtp_err_status_bad_param"
        case srtp_err_status_alloc_fail: "srtp_err_status_alloc_fail"
        case srtp_err_status_dealloc_fail: "srtp_err_status_dealloc_fail"
        case srtp_err_status_init_fail: "srtp_err_status_init_fail"
        case srtp_err_status_terminus: "srtp_err_status_terminus"
        case srtp_err_status_cipher_fail: "srtp_err_status_cipher_fail"
        case srtp_err_status_algo_fail: "srtp_err_status_algo_fail"
        case srtp_err_status_no_such_op: "srtp_err_status_no_such_op"
        case srtp_err_status_no_ctx: "srtp_err_status_no_ctx"
        case srtp_err_status_cant_check: "srtp_err_status_cant_check"
        case srtp_err_status_key_expired: "srtp_err_status_key_expired"
        case srtp_err_status_parse_err: "srtp_err_status_parse_err"
        case srtp_err_status_bad_mki: "srtp_err_status_bad_mki"
        case srtp_err_status_pkt_idx_old: "srtp_err_status_pkt_idx_old"
        case srtp_err_status_pkt_idx_adv: "srtp_err_status_pkt_idx_adv"
        default: "srtp_err_status_\(status.rawValue)"
        }
    }
}
