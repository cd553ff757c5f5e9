import Foundation

/// An IPv4 or IPv6 network in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`, or a single
/// address): the source networks the SNMP agent answers.
public struct NetworkPrefix: Sendable, Hashable, CustomStringConvertible {
    /// Network bytes (4 or 16), host bits cleared.
    public let bytes: [UInt8]
    public let length: Int

    /// `nil` when `text` is not an address with an optional prefix length that fits it.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.addressBytes(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var length = bits
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...bits).contains(given), String(given) == parts[1] else { return nil }
            length = given
        }
        self.bytes = Self.masked(address, length)
        self.length = length
    }

    public func contains(_ address: String) -> Bool {
        guard let candidate = Self.addressBytes(address) else { return false }
        return contains(addressBytes: candidate)
    }

    /// `address` as it came off the socket: 4 bytes (IPv4) or 16 (IPv6).
    public func contains(addressBytes address: [UInt8]) -> Bool {
        var candidate = address
        // An IPv4 client seen on an IPv6 socket (::ffff:a.b.c.d) is judged as IPv4.
        if candidate.count == 16, bytes.count == 4, candidate[0..<10].allSatisfy({ $0 == 0 }), candidate[10] == 0xFF, candidate[11] == 0xFF {
            candidate = Array(candidate[12...])
        }
        return candidate.count == bytes.count && Self.masked(candidate, length) == bytes
    }

    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, raw.baseAddress, &text, socklen_t(text.count))
        }
        let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(address)/\(length)"
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }

    private static func masked(_ address: [UInt8], _ length: Int) -> [UInt8] {
        address.enumerated().map { index, byte in
            let keep = min(max(length - index * 8, 0), 8)
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }
}
