/// A SIP or SIPS URI (RFC 3261 §19.1): `sip:user:password@host:port;uri-parameters?headers`.
///
/// The user, password, parameters and headers are kept as written, escapes included, so a URI is
/// forwarded exactly as it arrived (a registrar stores a Contact "as given", RFC 4475 §3.3.14);
/// ``unescapedUser`` and ``isEquivalent(to:)`` give the §19.1.4 view, where `%75ser` is `user`.
public struct SIPURI: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Hashable {
        case sip
        case sips
    }

    public var scheme: Scheme
    /// `user` or `telephone-subscriber`, escaped as received.
    public var user: String?
    public var password: String?
    public var host: SIPHost
    /// 1–65535 when present; absent means the default of the transport (§19.1.2).
    public var port: Int?
    public var parameters: SIPParameters
    /// The `?hname=hvalue&…` component (§19.1.1), escaped as received.
    public var headers: SIPParameters

    public init(
        scheme: Scheme = .sip, user: String? = nil, password: String? = nil, host: SIPHost, port: Int? = nil,
        parameters: SIPParameters = [:], headers: SIPParameters = [:]
    ) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
    }

    /// Reads a SIP or SIPS URI; any other scheme is refused (see ``SIPAddrSpec`` for URIs that
    /// may be of any scheme).
    public init(_ string: String) throws(SIPParseError) {
        let bytes = Array(string.utf8)
        guard let uri = SIPURI.parse(bytes, 0..<bytes.count) else {
            throw SIPParseError(.malformedURI, detail: string)
        }
        self = uri
    }

    /// The user part with its escapes resolved (§19.1.4: `%75ser` and `user` are the same).
    public var unescapedUser: String? { user.map(SIPURI.unescape) }

    /// The `transport` parameter, lowercased (§19.1.1: udp, tcp, sctp, tls or other).
    public var transport: String? { parameters["transport"]?.lowercased() }

    /// Whether `lr` is present: the next hop is a loose router (§16.12.1.1, §19.1.1).
    public var isLooseRouter: Bool { parameters.contains("lr") }

    public var description: String {
        var text = scheme.rawValue + ":"
        if let user {
            text += user
            if let password { text += ":" + password }
            text += "@"
        }
        text += host.description
        if let port { text += ":" + String(port) }
        text += parameters.serialized()
        text += headers.serialized(leading: "?", separator: "&")
        return text
    }

    /// URI comparison of §19.1.4, in the parts a transaction or registrar layer needs: scheme,
    /// unescaped user and password compared exactly, host case-insensitively, the same port, and
    /// the parameters that must match when present in either (`user`, `ttl`, `method`, `maddr`,
    /// `transport`) plus every other parameter present in both; headers unescaped, in any order.
    public func isEquivalent(to other: SIPURI) -> Bool {
        guard scheme == other.scheme, unescapedUser == other.unescapedUser, password.map(SIPURI.unescape) == other.password.map(SIPURI.unescape),
            host.isEquivalent(to: other.host), port == other.port
        else { return false }
        for name in ["user", "ttl", "method", "maddr", "transport"] {
            guard parameters.contains(name) == other.parameters.contains(name) else { return false }
        }
        for parameter in parameters where other.parameters.contains(parameter.name) {
            let a = parameter.value.map(SIPURI.unescape)?.lowercased()
            let b = other.parameters[parameter.name].map(SIPURI.unescape)?.lowercased()
            guard a == b else { return false }
        }
        let ownHeaders = Set(headers.map { SIPURI.unescape($0.name).lowercased() + "=" + SIPURI.unescape($0.value ?? "") })
        let otherHeaders = Set(other.headers.map { SIPURI.unescape($0.name).lowercased() + "=" + SIPURI.unescape($0.value ?? "") })
        return ownHeaders == otherHeaders
    }

    /// Resolves `%HH` escapes; the text was checked when parsed, so a stray `%` is kept.
    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(.percent) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == .percent, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
