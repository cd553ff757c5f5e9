import Domain

/// Object identifiers of `MIB/CALLPLANE-MIB.txt`; the agent serves exactly these, so a change
/// here is a change of the MIB module (and the other way round).
public enum CallplaneMIB {
    /// `enterprises.32473`: the number RFC 5612 reserves for documentation, used until
    /// Callplane has an enterprise number of its own (the MIB's DESCRIPTION says the same).
    public static let enterpriseNumber: UInt32 = 32473
    public static let root: [UInt32] = [1, 3, 6, 1, 4, 1, enterpriseNumber]

    public static let objects = root + [1]
    static let system = objects + [1]
    static let eventTypeEntry = objects + [2, 1]
    static let activeEntry = objects + [3, 1]
    static let eventLogEntry = objects + [4, 1]
    static let filterEntry = objects + [5, 1]
    static let destinationEntry = objects + [6, 1]
    static let usageEntry = objects + [7, 1]
    static let notifyObjects = objects + [8]

    public static let eventMessageRaised = root + [0, 1]
    public static let eventMessageCleared = root + [0, 2]

    /// SNMPv2-MIB `sysUpTime.0` and `snmpTrapOID.0`, the first two varbinds of every
    /// notification (RFC 3416 §4.2.6).
    static let sysUpTimeInstance: [UInt32] = [1, 3, 6, 1, 2, 1, 1, 3, 0]
    static let snmpTrapOIDInstance: [UInt32] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0]

    /// `cpNotifyObjects.n.0`: the notification objects are scalars.
    static func notifyInstance(_ column: UInt32) -> [UInt32] { notifyObjects + [column, 0] }

    /// `cpUptime.0`, answered at request time rather than from the snapshot.
    static let uptimeInstance = system + [4, 0]

    /// `CpSeverity`.
    static func severity(_ severity: EventSeverity?) -> Int32 {
        switch severity {
        case nil: 1
        case .normal: 2
        case .serious: 3
        case .critical: 4
        }
    }
}
