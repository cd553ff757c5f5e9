extension AuthorizationProfile {
    /// The profiles a first start creates (manual §5.1 authorization levels, §5.3.1.2
    /// "Predefined authorization profiles", and the cloud gateway's "CloudLink access" of seed
    /// 004). They are part of the release rather than of the log: they cannot be changed or
    /// deleted, and an upgrade that adds an area extends them with it.
    ///
    /// The manual leaves the exact rights to the WebAdmin help; ours: the expert administrator
    /// has everything; standard mode everything but user access control (§5.3.1.2: profiles
    /// "can only be viewed or created by Administrators in Expert mode") and only reads the
    /// audit; a system assistant keeps users and terminals; hospitality and reception only the
    /// users they check in; the outside application reads what it synchronises.
    public static let predefined: [AuthorizationProfile] = [
        AuthorizationProfile(
            id: "administrator", name: "Administrator", level: .administrator,
            areas: Dictionary(uniqueKeysWithValues: AdministrationArea.allCases.map { ($0, .write) }),
            interfaces: [.webAdminAPI, .remoteMaintenance, .csta, .atas, .snmpWrite], fileAccess: .readWrite, predefined: true
        ),
        AuthorizationProfile(
            id: "administrator_standard", name: "Administrator (standard mode)", level: .administratorStandard,
            areas: [.system: .write, .users: .write, .terminals: .write, .eventMessages: .write, .maintenance: .write, .audit: .read],
            interfaces: [.webAdminAPI, .remoteMaintenance], fileAccess: .read, predefined: true
        ),
        AuthorizationProfile(
            id: "system_assistant", name: "System assistant", level: .systemAssistant,
            areas: [.users: .write, .terminals: .write, .system: .read, .eventMessages: .read],
            interfaces: [.webAdminAPI], predefined: true
        ),
        AuthorizationProfile(
            id: "hospitality_administrator", name: "Hospitality administrator", level: .hospitalityAdministrator,
            areas: [.users: .write, .system: .read, .terminals: .read],
            interfaces: [.webAdminAPI], predefined: true
        ),
        AuthorizationProfile(
            id: "receptionist", name: "Receptionist", level: .receptionist,
            areas: [.users: .read],
            interfaces: [.webAdminAPI], predefined: true
        ),
        AuthorizationProfile(
            id: "cloudlink", name: "Outside application (CloudLink access)", level: .outsideApplication,
            areas: [.system: .read, .users: .read, .terminals: .read],
            interfaces: [.webAdminAPI, .csta], fileAccess: .readWrite, predefined: true
        ),
    ]

    public static let administratorID = "administrator"

    static let predefinedByID: [String: AuthorizationProfile] = Dictionary(uniqueKeysWithValues: predefined.map { ($0.id, $0) })
}
