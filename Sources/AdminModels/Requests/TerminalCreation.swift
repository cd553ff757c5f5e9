import Domain

/// `POST /api/v1/terminals`: a SIP terminal's kind, registration name and password, and
/// optionally the user it belongs to, its MAC address and its SRTP mode (`preferred` when absent).
public struct TerminalCreation: Codable, Sendable, Hashable {
    public var kind: String
    public var registrationName: String
    public var password: String
    public var userNumber: String?
    public var macAddress: String?
    public var srtp: SRTPMode?

    public init(kind: String, registrationName: String, password: String, userNumber: String? = nil, macAddress: String? = nil, srtp: SRTPMode? = nil) {
        self.srtp = srtp
        self.kind = kind
        self.registrationName = registrationName
        self.password = password
        self.userNumber = userNumber
        self.macAddress = macAddress
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, registrationName, password, userNumber, macAddress, srtp }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decodeName(TerminalKind.self, forKey: .kind).rawValue,
            registrationName: try container.decode(String.self, forKey: .registrationName), password: try container.decode(String.self, forKey: .password),
            userNumber: try container.decodeIfPresent(String.self, forKey: .userNumber),
            macAddress: try container.decodeIfPresent(String.self, forKey: .macAddress),
            srtp: try container.decodeIfPresent(String.self, forKey: .srtp) == nil ? nil : try container.decodeName(SRTPMode.self, forKey: .srtp))
    }
}
