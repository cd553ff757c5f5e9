/// The alarm server logged on at the interface: who, over which connection, its cycle, and the
/// event messages sent to it and not yet acknowledged, with the deliveries waiting for them.
struct ATASSession {
    /// How a delivery's wait for one acknowledgement ended.
    enum AcknowledgementWait: Sendable, Hashable {
        case acknowledged
        case connectionEnded
        case timedOut
    }

    let connection: ATASConnection
    let account: String
    let since: Int64
    let cycleSeconds: Int
    var lastCycle: Int64
    /// Sent and not yet acknowledged: id → when it was sent (µs).
    var sent: [Int64: Int64] = [:]
    var waits: [Int64: CheckedContinuation<AcknowledgementWait, Never>] = [:]

    init(connection: ATASConnection, account: String, since: Int64, cycleSeconds: Int) {
        self.connection = connection
        self.account = account
        self.since = since
        self.cycleSeconds = cycleSeconds
        lastCycle = since
    }

    /// An `ack`; false for an id that was not sent (or was acknowledged already).
    mutating func acknowledge(_ id: Int64) -> Bool {
        guard sent.removeValue(forKey: id) != nil else { return false }
        waits.removeValue(forKey: id)?.resume(returning: .acknowledged)
        return true
    }

    /// Deliveries waiting longer than the timeout give up; their messages stay in flight, and an
    /// acknowledgement arriving later is still taken.
    mutating func expireAcknowledgements(olderThan limit: Int64) {
        for (id, sentAt) in sent where sentAt < limit {
            waits.removeValue(forKey: id)?.resume(returning: .timedOut)
        }
    }

    /// The connection ended: no acknowledgement comes for what was in flight.
    mutating func endWaits() {
        for wait in waits.values { wait.resume(returning: .connectionEnded) }
        waits = [:]
    }
}
