import Domain

/// `PATCH /api/v1/terminals/{id}`: absent members stay; the user and the MAC address are
/// cleared with `null`, the registration name, password and SRTP mode cannot be.
public struct TerminalUpdate: Codable, Sendable, Hashable {
    public var registrationName: String?
    public var password: String?
    public var userNumber: String??
    public var macAddress: String??
    public var srtp: SRTPMode?

    public init(
        registrationName: String? = nil, password: String? = nil, userNumber: String?? = .none, macAddress: String?? = .none, srtp: SRTPMode? = nil
    ) {
        self.srtp = srtp
        self.registrationName = registrationName
        self.password = password
        self.userNumber = userNumber
        self.macAddress = macAddress
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case registrationName, password, userNumber, macAddress, srtp }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            registrationName: try container.decodeUnlessNull(String.self, forKey: .registrationName),
            password: try container.decodeUnlessNull(String.self, forKey: .password),
            userNumber: try container.decodePatch(String.self, forKey: .userNumber), macAddress: try container.decodePatch(String.self, forKey: .macAddress),
            srtp: try container.decodeUnlessNull(String.self, forKey: .srtp) == nil ? nil : try container.decodeName(SRTPMode.self, forKey: .srtp))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(registrationName, forKey: .registrationName)
        try container.encodeIfPresent(password, forKey: .password)
        try container.encodePatch(userNumber, forKey: .userNumber)
        try container.encodePatch(macAddress, forKey: .macAddress)
        try container.encodeIfPresent(srtp, forKey: .srtp)
    }
}
