extension DomainEvent {
    /// The event types this module owns, with their stored names. Matching a stored row's type
    /// bytes against these decides whether a row is a domain event at all, before any String
    /// is built.
    enum Kind: Int, CaseIterable, Sendable {
        case systemIdentitySet
        case userCreated
        case userUpdated
        case userDeleted
        case terminalCreated
        case terminalUpdated
        case terminalDeleted
        case eventMessageOccurred
        case eventMessageConfirmed
        case eventFiltersSet
        case destinationConfigured
        case destinationKindSwitched
        case accountCreated
        case accountUpdated
        case accountDeleted
        case accountPasswordSet
        case accountAccess
        case profileCreated
        case profileUpdated
        case profileDeleted
        case accessControlSettingsSet
        case remoteMaintenanceSet
        case snmpAgentSet

        var name: StaticString {
            switch self {
            case .systemIdentitySet: "system.identity.set"
            case .userCreated: "user.created"
            case .userUpdated: "user.updated"
            case .userDeleted: "user.deleted"
            case .terminalCreated: "terminal.created"
            case .terminalUpdated: "terminal.updated"
            case .terminalDeleted: "terminal.deleted"
            case .eventMessageOccurred: "eventmessage.occurred"
            case .eventMessageConfirmed: "eventmessage.confirmed"
            case .eventFiltersSet: "eventtable.filters.set"
            case .destinationConfigured: "destination.configured"
            case .destinationKindSwitched: "destinationkind.switched"
            case .accountCreated: "account.created"
            case .accountUpdated: "account.updated"
            case .accountDeleted: "account.deleted"
            case .accountPasswordSet: "account.password.set"
            case .accountAccess: "account.access"
            case .profileCreated: "profile.created"
            case .profileUpdated: "profile.updated"
            case .profileDeleted: "profile.deleted"
            case .accessControlSettingsSet: "accesscontrol.settings.set"
            case .remoteMaintenanceSet: "remotemaintenance.set"
            case .snmpAgentSet: "snmpagent.set"
            }
        }

        /// The payload schema this build writes and reads. A later schema gets an upcaster here.
        var currentSchema: Int { 1 }

        /// The kind whose name is exactly `bytes`, or `nil` for another module's event type.
        init?(bytes: UnsafeBufferPointer<UInt8>) {
            // Length and the first letter of the verb pick the only candidate; one comparison
            // then confirms it. Most rows of a busy log are other modules' events.
            let guess: Kind
            switch bytes.count {
            case 12: // user.created / user.updated / user.deleted
                switch bytes[5] {
                case UInt8(ascii: "c"): guess = .userCreated
                case UInt8(ascii: "u"): guess = .userUpdated
                case UInt8(ascii: "d"): guess = .userDeleted
                default: return nil
                }
            case 16: // terminal.created / terminal.updated / terminal.deleted
                switch bytes[9] {
                case UInt8(ascii: "c"): guess = .terminalCreated
                case UInt8(ascii: "u"): guess = .terminalUpdated
                case UInt8(ascii: "d"): guess = .terminalDeleted
                default: return nil
                }
            case 14:
                guess = .accountAccess
            case 15: // account.created/updated/deleted, profile.created/updated/deleted
                switch (bytes[0], bytes[8]) {
                case (UInt8(ascii: "a"), UInt8(ascii: "c")): guess = .accountCreated
                case (UInt8(ascii: "a"), UInt8(ascii: "u")): guess = .accountUpdated
                case (UInt8(ascii: "a"), UInt8(ascii: "d")): guess = .accountDeleted
                case (UInt8(ascii: "p"), UInt8(ascii: "c")): guess = .profileCreated
                case (UInt8(ascii: "p"), UInt8(ascii: "u")): guess = .profileUpdated
                case (UInt8(ascii: "p"), UInt8(ascii: "d")): guess = .profileDeleted
                default: return nil
                }
            case 13:
                guess = .snmpAgentSet
            case 19:
                guess = .systemIdentitySet
            case 20:
                guess = .accountPasswordSet
            case 21: // eventmessage.occurred / remotemaintenance.set
                guess = bytes[0] == UInt8(ascii: "r") ? .remoteMaintenanceSet : .eventMessageOccurred
            case 26:
                guess = .accessControlSettingsSet
            case 22: // eventmessage.confirmed / eventtable.filters.set / destination.configured
                switch (bytes[0], bytes[5]) {
                case (UInt8(ascii: "e"), UInt8(ascii: "m")): guess = .eventMessageConfirmed
                case (UInt8(ascii: "e"), UInt8(ascii: "t")): guess = .eventFiltersSet
                case (UInt8(ascii: "d"), _): guess = .destinationConfigured
                default: return nil
                }
            case 24:
                guess = .destinationKindSwitched
            default:
                return nil
            }
            guard JSONReader.matches(bytes, guess.name) else { return nil }
            self = guess
        }
    }

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
