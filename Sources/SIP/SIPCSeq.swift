/// The CSeq header (RFC 3261 §20.16): the request's sequence number within its dialog and its
/// method, which must match the Request-Line's (§8.1.1.5).
public struct SIPCSeq: Sendable, Hashable, CustomStringConvertible {
    /// §8.1.1.5: "MUST be less than 2**31". Larger numbers are refused, never wrapped
    /// (RFC 4475 §3.1.2.4, §3.1.2.5).
    public static let maximumSequenceNumber: UInt32 = (1 << 31) - 1

    public var sequenceNumber: UInt32
    public var method: SIPMethod

    /// - Precondition: `sequenceNumber` ≤ ``maximumSequenceNumber``.
    public init(_ sequenceNumber: UInt32, _ method: SIPMethod) {
        precondition(sequenceNumber <= SIPCSeq.maximumSequenceNumber, "CSeq must be less than 2^31 (RFC 3261 §8.1.1.5)")
        self.sequenceNumber = sequenceNumber
        self.method = method
    }

    public var description: String { String(sequenceNumber) + " " + method.rawValue }

    /// `1*DIGIT LWS Method`.
    static func parse(_ bytes: [UInt8], _ range: Range<Int>) throws(SIPParseError) -> SIPCSeq {
        var scanner = SIPScanner(bytes, range)
        scanner.skipWhitespace()
        let digits = scanner.scan(.digit)
        guard let space = scanner.peek, SIPCharacterClass.isWhitespace(space) else {
            throw SIPParseError(.malformedHeaderValue, header: "CSeq")
        }
        scanner.skipWhitespace()
        guard let method = scanner.scanToken() else { throw SIPParseError(.malformedHeaderValue, header: "CSeq") }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw SIPParseError(.malformedHeaderValue, header: "CSeq") }
        switch SIPScanner.decimal(bytes[digits], maximum: UInt64(maximumSequenceNumber)) {
        case .value(let number):
            return SIPCSeq(UInt32(number), SIPMethod(unchecked: scanner.string(method)))
        case .outOfRange:
            throw SIPParseError(.numberOutOfRange, header: "CSeq", detail: scanner.string(digits))
        case .malformed:
            throw SIPParseError(.malformedHeaderValue, header: "CSeq")
        }
    }
}
