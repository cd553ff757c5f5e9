/// A configuration area an authorization profile grants administration rights for (manual
/// §5.3.1.2: profiles carry "administration rights" per area). The areas follow the API's
/// resources, so every route names exactly one area.
public enum AdministrationArea: String, Sendable, Hashable, Codable, CaseIterable {
    /// System identity, state summary and capacity, the SNMP agent's access, the TLS
    /// certificate, the SIP listeners' DoS protection and the emergency numbers.
    case system
    /// Users (call numbers, names, e-mail addresses, telephony settings) and the message groups
    /// they belong to.
    case users
    /// Terminals and their registration secrets.
    case terminals
    /// Event types, event tables, signal destinations, active event messages.
    case eventMessages = "event_messages"
    /// The manual's "User access control" right: accounts, profiles, access logs, other
    /// accounts' passwords (§5.3.1.3 "Change password").
    case userAccessControl = "user_access_control"
    /// General maintenance settings: remote maintenance access (§5.4.1, Q=f0), data backup and
    /// restore (§5.6.4, Q=um), the test clock.
    case maintenance
    /// The event history with its actors and the chain check. The issue asks for a right of its
    /// own, so an auditor can read it without being able to change anything.
    case audit

    /// The event types (by prefix) that record changes in this area; the audit query's `area`.
    public var eventTypePrefixes: [String] {
        switch self {
        case .system: ["system.", "snmpagent.", "tls.", "sip.", "emergency.", "trunk."]
        case .users: ["user.", "messagegroup."]
        case .terminals: ["terminal."]
        case .eventMessages: ["eventmessage.", "eventtable.", "destination.", "destinationkind."]
        case .userAccessControl: ["account.", "profile.", "accesscontrol."]
        case .maintenance: ["remotemaintenance.", "backup."]
        case .audit: []
        }
    }
}
