/// An SRTP crypto suite as SDP security descriptions name it in `a=crypto` (RFC 4568 §6.2,
/// RFC 7714 §14.1): the cipher, the authentication and the sizes of the master key and salt that
/// an `inline:` key parameter must carry.
///
/// Each suite's trailer lengths are what ``SRTPSession`` appends to a packet, so a caller that
/// allocates its own buffers can leave room for them and spare the session a reallocation.
public enum SRTPSuite: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// AES in counter mode with a 128-bit key, HMAC-SHA1 tags of 80 bits (RFC 4568 §6.2.1;
    /// the transforms of RFC 3711 §4.1.1 and §4.2.1).
    case aesCM128HMACSHA1_80 = "AES_CM_128_HMAC_SHA1_80"
    /// As ``aesCM128HMACSHA1_80`` with 32-bit tags on SRTP packets only: SRTCP keeps its 80-bit
    /// tag (RFC 4568 §6.2.2), since RTCP is a small share of the bandwidth and carries the
    /// session's control.
    case aesCM128HMACSHA1_32 = "AES_CM_128_HMAC_SHA1_32"
    /// AES-GCM with a 128-bit key, a 96-bit salt and a 16-octet tag that authenticates and
    /// replaces HMAC (RFC 7714 §14.1 and §14.2). Not every libsrtp build has it:
    /// ``available`` says whether this one does.
    case aeadAES128GCM = "AEAD_AES_128_GCM"

    /// The suites this process's libsrtp can key a session with, in `allCases` order. Probed
    /// once, by creating and releasing one session per suite: a build without AES-GCM still
    /// declares the policy function, and only the attempt tells.
    public static let available: [SRTPSuite] = allCases.filter(SRTPLibrary.canCreateSession(suite:))

    /// The suite named `name` in an `a=crypto` line, in any letter case: the names are ABNF
    /// literals (RFC 4568 §9.2), which match case-insensitively (RFC 5234 §2.3).
    public init?(sdpName name: some StringProtocol) {
        let upper = name.uppercased()
        guard let suite = Self.allCases.first(where: { $0.rawValue == upper }) else { return nil }
        self = suite
    }

    /// The name in `a=crypto` lines.
    public var sdpName: String { rawValue }

    public var description: String { rawValue }

    public var isAvailable: Bool { Self.available.contains(self) }

    /// Octets of the master key: 128 bits for all three suites.
    public var masterKeyLength: Int { 16 }

    /// Octets of the master salt: 112 bits for AES-CM (RFC 4568 §6.2.1), 96 bits for AES-GCM,
    /// the length of its IV (RFC 7714 §14.2).
    public var masterSaltLength: Int {
        switch self {
        case .aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32: 14
        case .aeadAES128GCM: 12
        }
    }

    /// Octets of key and salt together: the decoded length of an `inline:` key parameter.
    public var keyMaterialLength: Int { masterKeyLength + masterSaltLength }

    /// Octets of the authentication tag on an SRTP packet.
    public var rtpAuthTagLength: Int {
        switch self {
        case .aesCM128HMACSHA1_80: 10
        case .aesCM128HMACSHA1_32: 4
        case .aeadAES128GCM: 16
        }
    }

    /// Octets of the authentication tag on an SRTCP packet: 80 bits for both AES-CM suites.
    public var rtcpAuthTagLength: Int {
        switch self {
        case .aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32: 10
        case .aeadAES128GCM: 16
        }
    }

    /// Octets that protecting an RTP packet adds: the tag (no MKI, which this implementation
    /// does not send).
    public var rtpTrailerLength: Int { rtpAuthTagLength }

    /// Octets that protecting an RTCP packet adds: the E flag with the 31-bit SRTCP index
    /// (RFC 3711 §3.4), and the tag.
    public var rtcpTrailerLength: Int { 4 + rtcpAuthTagLength }
}
