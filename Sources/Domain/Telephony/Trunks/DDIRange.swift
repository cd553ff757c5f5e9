/// One DDI entry of an account: a number, or a range of numbers of one length written
/// `first-last` (manual Tab. 13 counts the numbers: at most 4,000 in all).
public struct DDIRange: Sendable, Hashable, CustomStringConvertible {
    public let first: String
    public let last: String

    /// Parses `text`, or names the rule it breaks.
    public init(_ text: String) throws(DomainError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 1 || parts.count == 2, parts.allSatisfy(Self.isNumber) else {
            throw .invalid(field: "ddis", rule: "\(text): a DDI is 1 to 20 digits, or a range first-last of such numbers")
        }
        first = parts[0]
        last = parts.count == 2 ? parts[1] : parts[0]
        guard first.count == last.count, first <= last else {
            throw .invalid(field: "ddis", rule: "\(text): a range's numbers have one length and the first is not above the last")
        }
    }

    private static func isNumber(_ text: String) -> Bool {
        (1...20).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// How many numbers the entry covers (saturating: a range wider than the limit only needs
    /// to be known to be too wide).
    public var count: Int {
        guard let low = UInt64(first.suffix(18)), let high = UInt64(last.suffix(18)), first.dropLast(18) == last.dropLast(18) else {
            return Int.max
        }
        let width = high - low
        return width >= UInt64(Int.max) ? Int.max : Int(width) + 1
    }

    /// As an administrator writes it.
    public var description: String { first == last ? first : first + "-" + last }

    public func contains(_ number: String) -> Bool {
        number.count == first.count && first <= number && number <= last
    }

    public func overlaps(_ other: DDIRange) -> Bool {
        first.count == other.first.count && first <= other.last && other.first <= last
    }
}
