/// A session description (RFC 4566), the body of an offer or an answer (RFC 3264).
///
/// Every line of a parsed description is kept — known fields typed, the rest as text, attributes
/// in their order — so the canonical writer gives back the text it read and a B2BUA passes on
/// what it does not understand. Build one with `init(parsing:limits:)`
/// from the wire and write it with ``text`` or ``write(into:)``.
///
/// Values are written as they are: text holding CR, LF or NUL, or an empty ``timings`` list,
/// makes a description the parser would refuse.
public struct SDPSessionDescription: Sendable, Hashable {
    /// `v=0`, the only version RFC 4566 §5.1 defines.
    public static let version = 0

    public var origin: SDPOrigin
    /// `s=` (§5.3): never empty, `-` or a space when there is no name.
    public var sessionName: String
    public var information: String?
    public var uri: String?
    public var emails: [String]
    public var phones: [String]
    public var connection: SDPConnection?
    public var bandwidths: [SDPBandwidth]
    /// At least one (§5: "One or more time descriptions").
    public var timings: [SDPTiming]
    /// `z=` (§5.11), kept as text.
    public var timeZones: String?
    /// `k=` (§5.12), obsolete but kept.
    public var encryptionKey: String?
    public var attributes: [SDPAttribute]
    public var media: [SDPMediaDescription]

    public init(
        origin: SDPOrigin, sessionName: String = "-", information: String? = nil, uri: String? = nil, emails: [String] = [],
        phones: [String] = [], connection: SDPConnection? = nil, bandwidths: [SDPBandwidth] = [], timings: [SDPTiming] = [SDPTiming()],
        timeZones: String? = nil, encryptionKey: String? = nil, attributes: [SDPAttribute] = [], media: [SDPMediaDescription] = []
    ) {
        self.origin = origin
        self.sessionName = sessionName
        self.information = information
        self.uri = uri
        self.emails = emails
        self.phones = phones
        self.connection = connection
        self.bandwidths = bandwidths
        self.timings = timings
        self.timeZones = timeZones
        self.encryptionKey = encryptionKey
        self.attributes = attributes
        self.media = media
    }
}
