/// Remote maintenance access (manual §5.4): barred after a first start; enabled once (`*754`,
/// closes itself when the next remote maintenance session ends) or permanently (`*753`, until
/// barred by hand). All ways of switching have equal standing (§5.4.1).
public enum RemoteMaintenanceMode: String, Sendable, Hashable, Codable, CaseIterable {
    case barred
    case oneOff = "one_off"
    case permanent

    public var isEnabled: Bool { self != .barred }
}
