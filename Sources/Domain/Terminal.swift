/// A SIP terminal and how it registers.
public struct Terminal: Sendable, Hashable, Codable {
    /// Assigned by the system at creation: 1, 2, 3 …; the stream is `terminal/<id>`.
    public var id: Int
    public var kind: TerminalKind
    /// The SIP registration user name; unique in the system.
    public var registrationName: String
    /// The registration password, sealed; never returned by the API.
    public var password: SealedSecret
    /// The call number of the user the terminal belongs to, if assigned.
    public var userNumber: String?
    /// Normalised to upper-case `AA:BB:CC:DD:EE:FF`; unique when present.
    public var macAddress: String?
    /// Secure VoIP media for the terminal's calls.
    public var srtp: SRTPMode

    public init(
        id: Int, kind: TerminalKind, registrationName: String, password: SealedSecret, userNumber: String? = nil, macAddress: String? = nil,
        srtp: SRTPMode = .standard
    ) {
        self.srtp = srtp
        self.id = id
        self.kind = kind
        self.registrationName = registrationName
        self.password = password
        self.userNumber = userNumber
        self.macAddress = macAddress
    }

    enum CodingKeys: String, CodingKey { case id, kind, registrationName, password, userNumber, macAddress, srtp }

    /// `srtp` is read as the standard mode when absent and written only when it differs, so a
    /// state with terminals made before the setting existed keeps its snapshot and its hash.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        kind = try container.decode(TerminalKind.self, forKey: .kind)
        registrationName = try container.decode(String.self, forKey: .registrationName)
        password = try container.decode(SealedSecret.self, forKey: .password)
        userNumber = try container.decodeIfPresent(String.self, forKey: .userNumber)
        macAddress = try container.decodeIfPresent(String.self, forKey: .macAddress)
        srtp = try container.decodeIfPresent(SRTPMode.self, forKey: .srtp) ?? .standard
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(registrationName, forKey: .registrationName)
        try container.encode(password, forKey: .password)
        try container.encodeIfPresent(userNumber, forKey: .userNumber)
        try container.encodeIfPresent(macAddress, forKey: .macAddress)
        if srtp != .standard { try container.encode(srtp, forKey: .srtp) }
    }
}
