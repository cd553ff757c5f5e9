import Foundation

extension DomainEvent {
    /// The areas of the configuration that own event types. Each area's types live in the
    /// area's own name space (`user.`, `account.`, `snmpagent.` …); telephony facts are not
    /// domain events at all but fact families of their own (docs/architecture.md).
    public enum Area: String, Sendable, CaseIterable {
        case system
        case users
        case terminals
        case eventMessages = "event_messages"
        case accessControl = "access_control"
        case snmp
    }

    /// Every configuration event type of the log, declared once: its stored name (the raw
    /// value), its area and its payload schema. Everything else that names types is derived
    /// from this list: the `type` of an event, the dispatch of a stored row's type bytes, the
    /// public ``DomainEvent/declaredTypes`` that the every-type test walks.
    enum Kind: String, CaseIterable, Sendable {
        case systemIdentitySet = "system.identity.set"
        case userCreated = "user.created"
        case userUpdated = "user.updated"
        case userDeleted = "user.deleted"
        case terminalCreated = "terminal.created"
        case terminalUpdated = "terminal.updated"
        case terminalDeleted = "terminal.deleted"
        case eventMessageOccurred = "eventmessage.occurred"
        case eventMessageConfirmed = "eventmessage.confirmed"
        case eventFiltersSet = "eventtable.filters.set"
        case destinationConfigured = "destination.configured"
        case destinationKindSwitched = "destinationkind.switched"
        case accountCreated = "account.created"
        case accountUpdated = "account.updated"
        case accountDeleted = "account.deleted"
        case accountPasswordSet = "account.password.set"
        case accountAccess = "account.access"
        case profileCreated = "profile.created"
        case profileUpdated = "profile.updated"
        case profileDeleted = "profile.deleted"
        case accessControlSettingsSet = "accesscontrol.settings.set"
        case remoteMaintenanceSet = "remotemaintenance.set"
        case snmpAgentSet = "snmpagent.set"

        var area: Area {
            switch self {
            case .systemIdentitySet: .system
            case .userCreated, .userUpdated, .userDeleted: .users
            case .terminalCreated, .terminalUpdated, .terminalDeleted: .terminals
            case .eventMessageOccurred, .eventMessageConfirmed, .eventFiltersSet, .destinationConfigured, .destinationKindSwitched: .eventMessages
            case .accountCreated, .accountUpdated, .accountDeleted, .accountPasswordSet, .accountAccess,
                 .profileCreated, .profileUpdated, .profileDeleted, .accessControlSettingsSet, .remoteMaintenanceSet: .accessControl
            case .snmpAgentSet: .snmp
            }
        }

        /// The payload schema this build writes and reads. A later schema gets an upcaster here.
        var currentSchema: Int { 1 }

        /// The kind whose name is exactly `bytes`, or `nil` for an event type of another family
        /// (telephony facts share the log). Rows are compared only with the few names of their
        /// length, so the dispatch needs no hand-tuning when a type is added.
        init?(bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count < Self.byLength.count, let base = bytes.baseAddress else { return nil }
            for (kind, name) in Self.byLength[bytes.count] where name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
                self = kind
                return
            }
            return nil
        }

        /// Index: a name's length; value: the kinds of that length with their UTF-8 names.
        private static let byLength: [[(Kind, [UInt8])]] = {
            let longest = allCases.map(\.rawValue.utf8.count).max() ?? 0
            var table = Array(repeating: [(Kind, [UInt8])](), count: longest + 1)
            for kind in allCases { table[kind.rawValue.utf8.count].append((kind, Array(kind.rawValue.utf8))) }
            return table
        }()
    }

    /// Every configuration event type with its area, as declared.
    public static var declaredTypes: [(type: String, area: Area, schema: Int)] {
        Kind.allCases.map { ($0.rawValue, $0.area, $0.currentSchema) }
    }

    /// The area that owns this event's type.
    public var area: Area { kind.area }

    var kind: Kind {
        switch self {
        case .systemIdentitySet: .systemIdentitySet
        case .userCreated: .userCreated
        case .userUpdated: .userUpdated
        case .userDeleted: .userDeleted
        case .terminalCreated: .terminalCreated
        case .terminalUpdated: .terminalUpdated
        case .terminalDeleted: .terminalDeleted
        case .eventMessageOccurred: .eventMessageOccurred
        case .eventMessageConfirmed: .eventMessageConfirmed
        case .eventFiltersSet: .eventFiltersSet
        case .destinationConfigured: .destinationConfigured
        case .destinationKindSwitched: .destinationKindSwitched
        case .accountCreated: .accountCreated
        case .accountUpdated: .accountUpdated
        case .accountDeleted: .accountDeleted
        case .accountPasswordSet: .accountPasswordSet
        case .accountAccess: .accountAccess
        case .profileCreated: .profileCreated
        case .profileUpdated: .profileUpdated
        case .profileDeleted: .profileDeleted
        case .accessControlSettingsSet: .accessControlSettingsSet
        case .remoteMaintenanceSet: .remoteMaintenanceSet
        case .snmpAgentSet: .snmpAgentSet
        }
    }
}
