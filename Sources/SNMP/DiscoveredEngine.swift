/// An SNMPv3 receiver's engine as its discovery Report named it: the ID its user's keys are
/// localised to, and the boots and time a sender must put into authenticated messages
/// (RFC 3414 §2.3, §3.1.1 for a non-authoritative sender).
struct DiscoveredEngine: Sendable, Hashable {
    var engineID: [UInt8]
    var boots: UInt32
    var time: UInt32
    var answeredAt = ContinuousClock.now

    /// The receiver's snmpEngineTime now, counted on from its Report (RFC 3414 §2.3 keeps it in
    /// step the same way; a wrong guess costs one notInTimeWindow Report, which net-snmp
    /// answers by sending again).
    var timeNow: UInt32 {
        let elapsed = (ContinuousClock.now - answeredAt).components.seconds
        return UInt32(clamping: Int64(time) + elapsed)
    }
}
