/// A set of administration and interface rights assigned to user accounts (manual §5.3.1.2).
public struct AuthorizationProfile: Sendable, Hashable, Codable {
    /// `[a-z0-9_-]{1,32}`; predefined profiles have fixed ids.
    public var id: String
    public var name: String
    public var level: AuthorizationLevel
    /// Area → how far the right goes; an area that is absent is not granted.
    public var areas: [AdministrationArea: AreaAccess]
    public var interfaces: Set<InterfaceRight>
    public var fileAccess: FileAccess
    public var predefined: Bool

    /// A profile made by an administrator is a system assistant's (limited views) unless the
    /// level is given.
    public init(
        id: String, name: String, level: AuthorizationLevel = .systemAssistant, areas: [AdministrationArea: AreaAccess],
        interfaces: Set<InterfaceRight>, fileAccess: FileAccess = .none, predefined: Bool = false
    ) {
        self.id = id
        self.name = name
        self.level = level
        self.areas = areas
        self.interfaces = interfaces
        self.fileAccess = fileAccess
        self.predefined = predefined
    }

    /// Whether an account with this profile may use an operation that needs `right`.
    /// `authenticated` and `public` need nothing beyond a session.
    public func grants(_ right: AccessRight) -> Bool {
        switch right {
        case .public, .authenticated: true
        case .area(let area, let access): (areas[area]).map { $0 >= access } ?? false
        }
    }
}
