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
        /// The system's TLS certificate and its expiry reports.
        case tls
        /// Settings of the SIP listeners (`sip.`); registrations and calls are facts, not these.
        case sip
        /// Telephony configuration beyond the users: message groups (`messagegroup.`) and the
        /// emergency numbers (`emergency.`).
        case telephony
        /// SIP trunks: providers and their accounts (`trunk.`); a trunk's registration state is
        /// a fact, not these.
        case trunks
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
        case tlsCertificateInstalled = "tls.certificate.installed"
        case tlsCertificateExpiryReported = "tls.expiry.reported"
        case dosProtectionSet = "sip.dosprotection.set"
        case userTelephonySet = "user.telephony.set"
        case messageGroupSet = "messagegroup.set"
        case messageGroupDeleted = "messagegroup.deleted"
        case emergencySettingsSet = "emergency.settings.set"
        case mediaRelaySet = "media.relay.set"
        case sipProviderSet = "trunk.provider.set"
        case sipProviderDeleted = "trunk.provider.deleted"
        case sipAccountSet = "trunk.account.set"
        case sipAccountDeleted = "trunk.account.deleted"
        case trunkRoutingSet = "trunk.routing.set"
        case ddiPlanSet = "trunk.ddiplan.set"
        case smtpServerSet = "email.smtp.set"
        case backupSettingsSet = "backup.settings.set"
        case backupCreated = "backup.created"
        case backupDeleted = "backup.deleted"
        case srmSettingsSet = "srm.settings.set"

        var area: Area {
            switch self {
            case .systemIdentitySet, .backupSettingsSet, .backupCreated, .backupDeleted: .system
            case .userCreated, .userUpdated, .userDeleted, .userTelephonySet: .users
            case .terminalCreated, .terminalUpdated, .terminalDeleted: .terminals
            case .eventMessageOccurred, .eventMessageConfirmed, .eventFiltersSet, .destinationConfigured, .destinationKindSwitched, .smtpServerSet:
                .eventMessages
            case .accountCreated, .accountUpdated, .accountDeleted, .accountPasswordSet, .accountAccess,
                .profileCreated, .profileUpdated, .profileDeleted, .accessControlSettingsSet, .remoteMaintenanceSet, .srmSettingsSet:
                .accessControl
            case .snmpAgentSet: .snmp
            case .tlsCertificateInstalled, .tlsCertificateExpiryReported: .tls
            case .dosProtectionSet: .sip
            case .messageGroupSet, .messageGroupDeleted, .emergencySettingsSet, .mediaRelaySet: .telephony
            case .sipProviderSet, .sipProviderDeleted, .sipAccountSet, .sipAccountDeleted, .trunkRoutingSet, .ddiPlanSet: .trunks
            }
        }

        /// The payload schema this build writes. An older schema it still reads is listed in
        /// ``upcasts(from:)``, with its reader beside the type's current one.
        var currentSchema: Int {
            switch self {
            // 2: the settings as one nested object (issue 12, point 4).
            case .destinationConfigured: 2
            default: 1
            }
        }

        /// Whether a stored payload of the older `schema` is still read (and upcast to the
        /// current form on the way).
        func upcasts(from schema: Int) -> Bool {
            self == .destinationConfigured && schema == 1
        }

        /// The kind whose name is exactly `bytes`, or `nil` for an event type of another family
        /// (telephony facts share the log). Derived from the declared names, never tuned by
        /// hand: among the names of the row's length, one byte position tells them apart (the
        /// position is chosen when the table is built), and one comparison of the whole name
        /// confirms the candidate. Replay runs this for every row, so the tables are flat
        /// arrays of integers: no reference counting on the way.
        init?(bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            guard count < Dispatch.position.count, let base = bytes.baseAddress else { return nil }
            let position = Dispatch.position[count]
            guard position >= 0 else { return nil }
            let candidate = Int(Dispatch.table[count &* 256 &+ Int(base[position])])
            if candidate >= 0 {
                guard Dispatch.matches(candidate, base, count) else { return nil }
                self = Dispatch.kinds[candidate]
                return
            }
            guard candidate == Dispatch.ambiguous else { return nil }
            for index in Dispatch.kinds.indices where Dispatch.length[index] == count && Dispatch.matches(index, base, count) {
                self = Dispatch.kinds[index]
                return
            }
            return nil
        }

        /// The dispatch tables, built once from the declared kinds.
        private enum Dispatch {
            static let kinds: [Kind] = Array(Kind.allCases)
            static let names: [UInt8] = kinds.flatMap { Array($0.rawValue.utf8) }
            static let offset: [Int] = kinds.indices.map { index in kinds[..<index].reduce(0) { $0 + $1.rawValue.utf8.count } }
            static let length: [Int] = kinds.map(\.rawValue.utf8.count)
            static let ambiguous: Int16 = -2
            /// By name length: the byte position that best tells that length's names apart, or
            /// -1 when no name has that length.
            static let position: [Int] = build().position
            /// By name length × 256 + the byte at `position`: the kind's index, -1 for none, or
            /// ``ambiguous`` when two names of the length share that byte (then all are compared).
            static let table: [Int16] = build().table

            static func build() -> (position: [Int], table: [Int16]) {
                let longest = length.max() ?? 0
                var position = Array(repeating: -1, count: longest + 1)
                var table = Array(repeating: Int16(-1), count: (longest + 1) * 256)
                for count in 0...longest {
                    let candidates = kinds.indices.filter { length[$0] == count }
                    guard !candidates.isEmpty else { continue }
                    let best =
                        (0..<count).max { a, b in
                            Set(candidates.map { names[offset[$0] + a] }).count < Set(candidates.map { names[offset[$0] + b] }).count
                        } ?? 0
                    position[count] = best
                    for index in candidates {
                        let slot = count * 256 + Int(names[offset[index] + best])
                        table[slot] = table[slot] == -1 ? Int16(index) : ambiguous
                    }
                }
                return (position, table)
            }

            static func matches(_ index: Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
                names.withUnsafeBufferPointer { memcmp($0.baseAddress! + offset[index], bytes, count) == 0 }
            }
        }
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
        case .tlsCertificateInstalled: .tlsCertificateInstalled
        case .tlsCertificateExpiryReported: .tlsCertificateExpiryReported
        case .dosProtectionSet: .dosProtectionSet
        case .userTelephonySet: .userTelephonySet
        case .messageGroupSet: .messageGroupSet
        case .messageGroupDeleted: .messageGroupDeleted
        case .emergencySettingsSet: .emergencySettingsSet
        case .mediaRelaySet: .mediaRelaySet
        case .sipProviderSet: .sipProviderSet
        case .sipProviderDeleted: .sipProviderDeleted
        case .sipAccountSet: .sipAccountSet
        case .sipAccountDeleted: .sipAccountDeleted
        case .trunkRoutingSet: .trunkRoutingSet
        case .ddiPlanSet: .ddiPlanSet
        case .smtpServerSet: .smtpServerSet
        case .backupSettingsSet: .backupSettingsSet
        case .backupCreated: .backupCreated
        case .backupDeleted: .backupDeleted
        case .srmSettingsSet: .srmSettingsSet
        }
    }
}
