/// The SIP terminal kinds of the first configuration slice (manual Tab. 14, LAN interfaces).
public enum TerminalKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A Mitel SIP terminal (system SIP phone): 2,400 per system.
    case systemSIP = "system_sip"
    /// A standard SIP terminal: 1,200 per system.
    case standardSIP = "standard_sip"

    public var capacityLimit: CapacityLimit {
        switch self {
        case .systemSIP: .systemSIPTerminals
        case .standardSIP: .standardSIPTerminals
        }
    }
}
