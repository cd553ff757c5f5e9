/// The host of a SIP URI or a Via sent-by (RFC 3261 §25.1: `host = hostname / IPv4address /
/// IPv6reference`). Kept as text: a name is resolved by the transport (RFC 3263), never here.
public enum SIPHost: Sendable, Hashable, CustomStringConvertible {
    case hostname(String)
    case ipv4(String)
    /// The address without its brackets; ``description`` writes the IPv6reference form.
    case ipv6(String)

    public var description: String {
        switch self {
        case .hostname(let name): name
        case .ipv4(let address): address
        case .ipv6(let address): "[" + address + "]"
        }
    }

    /// Hostnames compare case-insensitively (§19.1.4).
    public func isEquivalent(to other: SIPHost) -> Bool {
        switch (self, other) {
        case (.hostname(let a), .hostname(let b)): SIPParameters.namesEqual(a, b)
        case (.ipv4(let a), .ipv4(let b)): a == b
        case (.ipv6(let a), .ipv6(let b)): a.lowercased() == b.lowercased()
        default: false
        }
    }

    /// Reads `host` from `bytes[range]`, all of it.
    static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> SIPHost? {
        guard !range.isEmpty else { return nil }
        let text = bytes[range]
        if text.first == .openBracket {
            guard text.count > 2, text.last == .closeBracket else { return nil }
            let inner = text.dropFirst().dropLast()
            guard inner.contains(.colon),
                inner.allSatisfy({ SIPCharacterClass.isMember($0, of: .hexDigit) || $0 == .colon || $0 == .dot })
            else { return nil }
            return .ipv6(String(decoding: inner, as: UTF8.self))
        }
        if text.allSatisfy({ SIPCharacterClass.isMember($0, of: .digit) || $0 == .dot }) {
            return isIPv4(text) ? .ipv4(String(decoding: text, as: UTF8.self)) : nil
        }
        return isHostname(text) ? .hostname(String(decoding: text, as: UTF8.self)) : nil
    }

    /// `hostname = *( domainlabel "." ) toplabel [ "." ]`; labels are alphanumerics and inner
    /// hyphens, the top label starts with a letter.
    private static func isHostname(_ text: ArraySlice<UInt8>) -> Bool {
        var labels = text.split(separator: .dot, omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        for label in labels {
            guard let first = label.first, let last = label.last, first != UInt8(ascii: "-"), last != UInt8(ascii: "-"),
                label.allSatisfy({ SIPCharacterClass.isMember($0, of: .hostname) })
            else { return false }
        }
        guard let top = labels.last?.first else { return false }
        return SIPCharacterClass.isMember(top, of: .alpha)
    }

    private static func isIPv4(_ text: ArraySlice<UInt8>) -> Bool {
        let parts = text.split(separator: .dot, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), case .value(let octet) = SIPScanner.decimal(part, maximum: 255) else { return false }
            return octet <= 255
        }
    }
}
