/// Where one SIP listener binds: `transport:host:port`, written like the SNMP agent's addresses
/// (`udp:127.0.0.1:5060`, `tls:[::1]:5061`, `tcp:0.0.0.0` for the transport's default port).
public struct SIPListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var transport: SIPTransportProtocol
    /// A literal address (IPv4, or IPv6 without brackets) or a name the resolver knows.
    public var host: String
    /// 1–65535, or 0 for a free port the system picks (tests).
    public var port: Int

    public init(transport: SIPTransportProtocol, host: String, port: Int) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    /// Reads one address.
    /// - Throws: ``SIPListenAddressError`` naming the rule: a known transport, a host, a port
    ///   from 0 to 65535.
    public init(parsing text: String) throws(SIPListenAddressError) {
        let rule = "must be transport:host[:port] with transport udp, tcp or tls, e.g. udp:127.0.0.1:5060"
        guard let colon = text.firstIndex(of: ":") else { throw SIPListenAddressError(text: text, rule: rule) }
        guard let transport = SIPTransportProtocol(rawValue: text[..<colon].lowercased()) else {
            throw SIPListenAddressError(text: text, rule: rule)
        }
        var rest = text[text.index(after: colon)...]
        let host: Substring
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw SIPListenAddressError(text: text, rule: "an IPv6 address needs its closing ]") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            host = rest[..<end]
            rest = rest[end...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "," }) else {
            throw SIPListenAddressError(text: text, rule: rule)
        }
        var port = transport.defaultPort
        if !rest.isEmpty {
            guard rest.first == ":", let number = Int(rest.dropFirst()), (0...65_535).contains(number) else {
                throw SIPListenAddressError(text: text, rule: "the port must be from 0 to 65535")
            }
            port = number
        }
        self.init(transport: transport, host: String(host), port: port)
    }

    /// Reads a comma-separated list; `off` (or nothing) means no SIP listener.
    /// - Throws: ``SIPListenAddressError`` for the first address that breaks its rule, or for
    ///   one named twice.
    public static func list(parsing text: String) throws(SIPListenAddressError) -> [SIPListenAddress] {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.lowercased() != "off" else { return [] }
        var addresses: [SIPListenAddress] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let address = try SIPListenAddress(parsing: String(part).trimmingWhitespace())
            guard !addresses.contains(address) else { throw SIPListenAddressError(text: address.description, rule: "is named twice") }
            addresses.append(address)
        }
        return addresses
    }

    public var description: String {
        transport.rawValue + ":" + (host.contains(":") ? "[" + host + "]" : host) + ":" + String(port)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
