/// The value of Content-Type (RFC 3261 §20.15, `media-type = m-type SLASH m-subtype
/// *(SEMI m-parameter)`). Type and subtype compare case-insensitively (RFC 2045 §5.1).
public struct SIPMediaType: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var subtype: String
    public var parameters: SIPParameters

    public init(type: String, subtype: String, parameters: SIPParameters = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    public static let sdp = SIPMediaType(type: "application", subtype: "sdp")

    /// Whether type and subtype match, ignoring case and parameters.
    public func matches(_ other: SIPMediaType) -> Bool {
        SIPParameters.namesEqual(type, other.type) && SIPParameters.namesEqual(subtype, other.subtype)
    }

    public var description: String { type + "/" + subtype + parameters.serialized() }

    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> SIPMediaType? {
        var scanner = SIPScanner(bytes, range)
        scanner.skipWhitespace()
        guard let type = scanner.scanToken(), scanner.consumeSeparator(.slash), let subtype = scanner.scanToken(),
            let parameters = SIPAddress.parseGenericParameters(&scanner)
        else { return nil }
        return SIPMediaType(type: scanner.string(type), subtype: scanner.string(subtype), parameters: parameters)
    }
}
