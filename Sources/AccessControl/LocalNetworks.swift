import Foundation

/// Which peer addresses count as local. A login from anywhere else is remote maintenance
/// (manual §5.4) and needs remote maintenance enabled and the profile's remote right, so a
/// server that is exposed by mistake is still barred to the outside by default.
///
/// Local: loopback, the private IPv4 ranges (RFC 1918), IPv6 unique-local and link-local — the
/// networks an installer's LAN uses.
public enum LocalNetworks {
    public static func contains(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            let octet1 = value >> 24, octet2 = (value >> 16) & 0xFF
            return octet1 == 127 || octet1 == 10 || (octet1 == 172 && (16...31).contains(octet2)) || (octet1 == 192 && octet2 == 168)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            // An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) is judged as IPv4.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return contains("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")
            }
            return (bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80)
        }
        return false
    }
}
