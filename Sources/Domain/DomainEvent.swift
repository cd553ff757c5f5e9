import EventLog
import Foundation

/// The configuration events of the first slice. Each has a stream, a type string with a
/// schema, and a canonical JSON payload (sorted keys) that the log stores and hashes.
///
/// Records carry the whole new value (not a diff) so `apply` is a plain assignment and replay
/// cannot drift.
public enum DomainEvent: Sendable, Hashable {
    /// `system.identity.set`, stream `system`.
    case systemIdentitySet(SystemIdentity)
    /// `user.created`, stream `user/<number>`.
    case userCreated(User)
    /// `user.updated`, stream `user/<number>`.
    case userUpdated(User)
    /// `user.deleted`, stream `user/<number>`.
    case userDeleted(number: String)
    /// `terminal.created`, stream `terminal/<id>`.
    case terminalCreated(Terminal)
    /// `terminal.updated`, stream `terminal/<id>`.
    case terminalUpdated(Terminal)
    /// `terminal.deleted`, stream `terminal/<id>`.
    case terminalDeleted(id: Int)
    /// `eventmessage.occurred`, stream `eventmessages`.
    case eventMessageOccurred(EventMessage)
    /// `eventmessage.confirmed`, stream `eventmessages`.
    case eventMessageConfirmed(number: Int64, identity: String)
    /// `eventtable.filters.set`, stream `eventtable/<n>`: the changed rows only.
    case eventFiltersSet(table: Int, filters: [String: EventTableFilter])
    /// `destination.configured`, stream `destination/<id>`: the whole destination.
    case destinationConfigured(SignalDestination)
    /// `destinationkind.switched`, stream `destinationkind/<kind>`.
    case destinationKindSwitched(kind: SignalDestinationKind, on: Bool)
    /// `account.created`, stream `account/<key>`: the whole account with its sealed hash.
    case accountCreated(UserAccount)
    /// `account.updated`, stream `account/<key>`: the account's new profile.
    case accountUpdated(name: String, profile: String)
    /// `account.deleted`, stream `account/<key>`.
    case accountDeleted(name: String)
    /// `account.password.set`, stream `account/<key>`: the sealed hash of the new password.
    case accountPasswordSet(name: String, hash: SealedSecret, mustChange: Bool)
    /// `account.access`, stream `account/<key>`: one login attempt (manual §5.3.3).
    case accountAccess(AccessAttempt)
    /// `profile.created`, stream `profile/<id>`.
    case profileCreated(AuthorizationProfile)
    /// `profile.updated`, stream `profile/<id>`: the whole profile.
    case profileUpdated(AuthorizationProfile)
    /// `profile.deleted`, stream `profile/<id>`.
    case profileDeleted(id: String)
    /// `accesscontrol.settings.set`, stream `accesscontrol`.
    case accessControlSettingsSet(AccessControlSettings)
    /// `remotemaintenance.set`, stream `remotemaintenance`.
    case remoteMaintenanceSet(RemoteMaintenanceMode)
    /// `snmpagent.set`, stream `snmpagent`: who may read the SNMP agent, secrets sealed.
    case snmpAgentSet(SNMPAgentSettings)

    /// All event-message occurrences and confirmations share one stream: they are numbered in
    /// one sequence and decided one after the other anyway.
    public static let eventMessagesStream = "eventmessages"

    public var stream: String {
        switch self {
        case .systemIdentitySet: "system"
        case .userCreated(let user), .userUpdated(let user): "user/" + user.number
        case .userDeleted(let number): "user/" + number
        case .terminalCreated(let terminal), .terminalUpdated(let terminal): "terminal/" + String(terminal.id)
        case .terminalDeleted(let id): "terminal/" + String(id)
        case .eventMessageOccurred, .eventMessageConfirmed: Self.eventMessagesStream
        case .eventFiltersSet(let table, _): "eventtable/" + String(table)
        case .destinationConfigured(let destination): "destination/" + destination.id
        case .destinationKindSwitched(let kind, _): "destinationkind/" + kind.rawValue
        case .accountCreated(let account): Self.accountStream(account.name)
        case .accountUpdated(let name, _), .accountDeleted(let name), .accountPasswordSet(let name, _, _): Self.accountStream(name)
        case .accountAccess(let attempt): Self.accountStream(attempt.account)
        case .profileCreated(let profile), .profileUpdated(let profile): Self.profileStream(profile.id)
        case .profileDeleted(let id): Self.profileStream(id)
        case .accessControlSettingsSet: Self.accessControlStream
        case .remoteMaintenanceSet: Self.remoteMaintenanceStream
        case .snmpAgentSet: Self.snmpAgentStream
        }
    }

    public static func accountStream(_ name: String) -> String { "account/" + UserAccount.key(name) }
    public static func profileStream(_ id: String) -> String { "profile/" + id }
    public static let accessControlStream = "accesscontrol"
    public static let remoteMaintenanceStream = "remotemaintenance"
    public static let snmpAgentStream = "snmpagent"

    public var type: String { kind.rawValue }

    public var schema: Int { kind.currentSchema }

    /// Canonical JSON: sorted keys, no white space, absent optionals omitted.
    ///
    /// Keys are the API's camelCase field names. A terminal's password is stored as its sealed
    /// text only, so the log never holds a plaintext secret.
    public func canonicalPayload() -> String {
        var json = CanonicalJSON()
        switch self {
        case .systemIdentitySet(let identity):
            json.field("country", identity.country)
            json.field("name", identity.name)
            json.field("salesChannel", identity.salesChannel)
            json.field("systemId", identity.systemID)
        case .userCreated(let user), .userUpdated(let user):
            json.field("email", user.email)
            json.field("language", user.language)
            json.field("name", user.name)
            json.field("number", user.number)
        case .userDeleted(let number):
            json.field("number", number)
        case .terminalCreated(let terminal), .terminalUpdated(let terminal):
            json.field("id", terminal.id)
            json.field("kind", terminal.kind.rawValue)
            json.field("macAddress", terminal.macAddress)
            json.field("password", terminal.password.text)
            json.field("registrationName", terminal.registrationName)
            json.field("userNumber", terminal.userNumber)
        case .terminalDeleted(let id):
            json.field("id", id)
        case .eventMessageOccurred(let message):
            message.writePayload(into: &json)
        case .eventMessageConfirmed(let number, let identity):
            json.field("identity", identity)
            json.field("number", number)
        case .eventFiltersSet(let table, let filters):
            json.field("filters", filters.mapValues(\.payloadText))
            json.field("table", table)
        case .destinationConfigured(let destination):
            destination.writePayload(into: &json)
        case .destinationKindSwitched(let kind, let on):
            json.field("kind", kind.rawValue)
            json.field("on", on)
        case .snmpAgentSet(let settings):
            settings.writePayload(into: &json)
        default:
            writeAccessControlPayload(into: &json)
        }
        return json.finish()
    }

    /// Decodes a stored event. Returns `nil` for a type that is not a domain event (other
    /// modules' events share the log); throws ``EventDecodingError`` for a domain type whose
    /// payload is malformed or whose schema this build does not know.
    public static func decode(type: String, schema: Int, payload: String) throws -> DomainEvent? {
        var type = type
        var payload = payload
        return try type.withUTF8 { typeBytes in
            try payload.withUTF8 { payloadBytes in
                try decode(type: typeBytes, schema: schema, payload: payloadBytes)
            }
        }
    }

    /// The replay fast path over raw bytes (same rules as the String form).
    public static func decode(_ row: borrowing RawEventRow) throws -> DomainEvent? {
        try decode(type: row.type, schema: row.schema, payload: row.payload)
    }

    /// Wraps the event for appending.
    public func proposed(actor: String, source: String, id: UUID = .timeOrdered(), correlation: UUID? = nil, causation: UUID? = nil) -> ProposedEvent {
        ProposedEvent(
            id: id, stream: stream, type: type, schema: schema, actor: actor, source: source,
            correlation: correlation, causation: causation, payload: canonicalPayload())
    }
}
