/// One `via-parm` of a Via header (RFC 3261 §20.42, §25.1): the transport and address the
/// request was sent from, and the parameters a transaction needs — `branch` to match it
/// (§17.2.3), `received` and `rport` to send the response back (§18.2.2, RFC 3581).
public struct SIPVia: Sendable, Hashable, CustomStringConvertible {
    /// `SIP` for every message this stack reads (a token by grammar).
    public var protocolName: String
    public var protocolVersion: String
    /// `UDP`, `TCP`, `TLS`, `SCTP` or another token (RFC 4475 §3.1.1.10), as written.
    public var transport: String
    public var host: SIPHost
    public var port: Int?
    public var parameters: SIPParameters

    /// The RFC 3261 branch prefix (§8.1.1.7); a branch without it comes from an RFC 2543 element
    /// and is matched the old way (§17.2.3; RFC 4475 §3.2.1).
    public static let magicCookie = "z9hG4bK"

    public init(
        protocolName: String = "SIP", protocolVersion: String = "2.0", transport: String, host: SIPHost, port: Int? = nil,
        parameters: SIPParameters = [:]
    ) {
        self.protocolName = protocolName
        self.protocolVersion = protocolVersion
        self.transport = transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    public var branch: String? {
        get { parameters["branch"] }
        set {
            if let newValue { parameters.set("branch", newValue) } else { parameters.remove("branch") }
        }
    }

    /// Whether the branch starts with the magic cookie and has something after it, so it is
    /// unique per transaction; the bare cookie is not (RFC 4475 §3.2.1).
    public var hasRFC3261Branch: Bool {
        guard let branch else { return false }
        return branch.hasPrefix(SIPVia.magicCookie) && branch.utf8.count > SIPVia.magicCookie.utf8.count
    }

    /// The source address the server saw, added when it differs from sent-by (§18.2.1).
    public var received: String? { parameters["received"] }

    /// Whether the sender asked for symmetric response routing (RFC 3581 §3): `rport` present,
    /// with or without a value.
    public var requestsRPort: Bool { parameters.contains("rport") }

    /// The source port the server filled into `rport` (RFC 3581 §4).
    public var rport: Int? { parameters["rport"].flatMap { Int($0) } }

    public var maddr: String? { parameters["maddr"] }

    public var ttl: Int? { parameters["ttl"].flatMap { Int($0) } }

    /// `host [ ":" port ]` as on the wire.
    public var sentBy: String { host.description + (port.map { ":" + String($0) } ?? "") }

    public var description: String {
        protocolName + "/" + protocolVersion + "/" + transport + " " + sentBy + parameters.serialized()
    }

    /// Reads one via-parm from `bytes[range]` (already split on top-level commas); `nil` when it
    /// does not match the grammar or a number in it is out of range (port 1–65535, ttl 0–255,
    /// rport empty or a port).
    static func parse(_ bytes: [UInt8], _ range: Range<Int>, sentByOnly: Bool = false) -> SIPVia? {
        var scanner = SIPScanner(bytes, range)
        scanner.skipWhitespace()
        guard let name = scanner.scanToken(), scanner.consumeSeparator(.slash),
            let version = scanner.scanToken(), scanner.consumeSeparator(.slash),
            let transport = scanner.scanToken()
        else { return nil }
        guard let space = scanner.peek, SIPCharacterClass.isWhitespace(space) else { return nil }
        scanner.skipWhitespace()
        let hostStart = scanner.index
        if scanner.peek == .openBracket {
            guard let close = bytes[hostStart..<scanner.end].firstIndex(of: .closeBracket) else { return nil }
            scanner.index = close + 1
        } else {
            _ = scanner.scan(.hostname)
        }
        guard let host = SIPHost.parse(bytes, hostStart..<scanner.index) else { return nil }
        var port: Int?
        if scanner.consumeSeparator(.colon) {
            guard case .value(let number) = SIPScanner.decimal(bytes[scanner.scan(.digit)], maximum: 65_535), number >= 1 else { return nil }
            port = Int(number)
        }
        var parameters = SIPParameters()
        if !sentByOnly {
            guard let read = SIPAddress.parseGenericParameters(&scanner) else { return nil }
            parameters = read
            if parameters.contains("ttl") {
                guard let ttl = parameters["ttl"], case .value = SIPScanner.decimal(ttl.utf8, maximum: 255) else { return nil }
            }
            if let rport = parameters["rport"] {
                guard case .value(let number) = SIPScanner.decimal(rport.utf8, maximum: 65_535), number >= 1 else { return nil }
            }
        }
        return SIPVia(
            protocolName: scanner.string(name), protocolVersion: scanner.string(version), transport: scanner.string(transport), host: host, port: port,
            parameters: parameters)
    }
}
