import Domain

/// Where the ATAS interface listens (`atas.listen`, docs/atas.md "Transport and framing"):
/// `tls:HOST:PORT` or `tcp:HOST:PORT`, or `off` — the default, since an interface that accepts
/// logons is opened by an administrator, not by a first start.
public struct ATASListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var tls: Bool
    /// A literal address (IPv4, or IPv6 without brackets) or a name the resolver knows.
    public var host: String
    /// 1–65535, or 0 for a free port the system picks (tests).
    public var port: Int

    public init(tls: Bool, host: String, port: Int) {
        self.tls = tls
        self.host = host
        self.port = port
    }

    /// Reads the setting; `nil` for `off`.
    ///
    /// - Throws: `invalid_field` naming the text as the field, and the rule it breaks.
    public static func parse(_ text: String) throws(DomainError) -> ATASListenAddress? {
        let rule = "must be off, tls:HOST:PORT or tcp:HOST:PORT, e.g. tls:0.0.0.0:7443"
        if text.lowercased() == "off" { return nil }
        guard let colon = text.firstIndex(of: ":") else { throw .invalid(field: text, rule: rule) }
        let scheme = text[..<colon].lowercased()
        guard scheme == "tls" || scheme == "tcp" else { throw .invalid(field: text, rule: rule) }
        let rest = text[text.index(after: colon)...]
        guard let portColon = rest.lastIndex(of: ":") else { throw .invalid(field: text, rule: rule) }
        var host = rest[..<portColon]
        if host.first == "[" && host.last == "]" { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "," || $0 == "[" || $0 == "]" }) else {
            throw .invalid(field: text, rule: rule)
        }
        guard let port = Int(rest[rest.index(after: portColon)...]), (0...65_535).contains(port) else {
            throw .invalid(field: text, rule: "the port must be from 0 to 65535")
        }
        return ATASListenAddress(tls: scheme == "tls", host: String(host), port: port)
    }

    public var description: String {
        (tls ? "tls:" : "tcp:") + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }
}
