/// The two companding laws of ITU-T G.711: 8-bit codes for 8 kHz telephone audio, µ-law in
/// North America and Japan, A-law elsewhere. RFC 3551 §4.5.14 gives each a static RTP payload
/// type, PCMU 0 and PCMA 8, which every SIP phone offers.
///
/// The encoders and decoders follow the reference implementation of ITU-T G.191's software
/// tool library (`g711.c`), so a code is the same one a G.711 conformant terminal produces: µ-law
/// works on the 14 most significant bits of a 16-bit sample, A-law on the 13 most significant,
/// and negative samples are taken as their one's complement, which puts -1 in the smallest
/// negative step, not in zero.
public enum G711Law: String, Sendable, Hashable, CaseIterable {
    case muLaw = "PCMU"
    case aLaw = "PCMA"

    /// The static payload type of RFC 3551 Tab. 4.
    public var payloadType: UInt8 {
        switch self {
        case .muLaw: 0
        case .aLaw: 8
        }
    }

    /// The encoding name an `a=rtpmap` carries (RFC 3551 §6, compared case-insensitively by
    /// RFC 4855 §3).
    public var encodingName: String { rawValue }

    /// G.711 is defined for 8,000 samples a second (RFC 3551 §4.5.14).
    public static let clockRate: UInt32 = 8_000

    /// The law a payload type names: the static numbers of RFC 3551 Tab. 4 when no `a=rtpmap`
    /// says otherwise, or an `a=rtpmap` of PCMU/8000 or PCMA/8000 (one channel) on any number.
    public init?(payloadType: UInt8, encoding: String?, clockRate: UInt32?, channels: UInt32? = nil) {
        if let encoding {
            guard clockRate == Self.clockRate, channels == nil || channels == 1 else { return nil }
            switch encoding.uppercased() {
            case "PCMU": self = .muLaw
            case "PCMA": self = .aLaw
            default: return nil
            }
            return
        }
        switch payloadType {
        case 0: self = .muLaw
        case 8: self = .aLaw
        default: return nil
        }
    }

    /// The code of one 16-bit linear sample.
    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .muLaw: Self.muLawCode(sample)
        case .aLaw: Self.aLawCode(sample)
        }
    }

    /// The linear sample a code stands for, the middle of its quantisation step.
    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .muLaw: Self.muLawSample(code)
        case .aLaw: Self.aLawSample(code)
        }
    }

    /// Encodes a block of samples, one octet each.
    public func encode(_ samples: some Sequence<Int16>) -> [UInt8] {
        samples.map(encode)
    }
}
