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

    public init(id: Int, kind: TerminalKind, registrationName: String, password: SealedSecret, userNumber: String? = nil, macAddress: String? = nil) {
        self.id = id
        self.kind = kind
        self.registrationName = registrationName
        self.password = password
        self.userNumber = userNumber
        self.macAddress = macAddress
    }
}
