extension DomainEvent {
    /// The payloads of events whose case carries loose values rather than one record (a key, a
    /// pair): each gets a record here so its payload is declared as one table like the others.
    /// They are payload shapes only, kept together as the one place they are used.
    enum PayloadRecord {
        struct UserKey: Sendable { var number = "" }
        struct TerminalKey: Sendable { var id = 0 }
        struct Confirmation: Sendable {
            var number: Int64 = 0
            var identity = ""
            var clearing: EventMessage?
        }
        struct FilterRows: Sendable {
            var table = 0
            var filters: [String: EventTableFilter] = [:]
        }
        struct KindSwitch: Sendable {
            var kind = SignalDestinationKind.eventLog
            var on = false
        }
        struct AccountKey: Sendable { var name = "" }
        struct AccountProfile: Sendable {
            var name = ""
            var profile = ""
        }
        /// `account.created`: the account as first written, its one password hash sealed.
        struct NewAccount: Sendable {
            var name = ""
            var profile = ""
            var passwordHash = SealedSecret(text: "")
            var mustChangePassword = false
            var predefined = false
        }
        struct PasswordChange: Sendable {
            var name = ""
            var passwordHash = SealedSecret(text: "")
            var mustChangePassword = false
        }
        struct ProfileKey: Sendable { var id = "" }
        struct RemoteMaintenance: Sendable { var mode = RemoteMaintenanceMode.barred }
        /// `snmpagent.set`: a user's two passphrases go into two maps keyed by user name, so the
        /// payload stays flat.
        struct SNMPAgent: Sendable {
            var allowedNetworks: [String] = []
            var authPassphrases: [String: SealedSecret] = [:]
            var communities: [SealedSecret] = []
            var privPassphrases: [String: SealedSecret] = [:]
        }
        struct MessageGroupKey: Sendable { var number = 1 }
        /// The deletion of a provider or an account names its number.
        struct TrunkKey: Sendable { var number = 1 }
        /// `trunk.ddiplan.set`: the rows as two lists of one length, so the payload stays flat.
        struct DDIPlan: Sendable {
            var ddis: [String] = []
            var defaultDestination: String?
            var users: [String] = []
        }
        struct TLSExpiry: Sendable {
            var fingerprint = ""
            var expiry = TLSCertificateExpiry.valid
        }
    }
}
