import Foundation
import SRMWire

/// The systems' agents as the SRM server sees them now: which are connected, since when, the
/// status each last reported and the event messages it uploaded.
///
/// The status is rebuilt from the agent's report on every connection: a welcome resets it to
/// "not reported" and the agent's first report (sent right after the welcome) sets it again, so
/// a status that changed while the connection was down is never shown as current. Between
/// connections the last report stays, beside "not connected".
///
/// One connection per system: a new one replaces (closes) the one before, so an agent that
/// reconnects before the server noticed the old connection die is not refused. A replaced
/// connection's frames are no longer taken.
public actor SystemRegistry {
    /// Event messages kept per system, newest last.
    public static let recentLimit = 100

    /// What happened to an uploaded event message.
    enum Taking: Sendable, Hashable {
        case stored
        /// Its sequence was taken before (an agent sending again after a reconnection).
        case duplicate
        /// The connection was replaced; nothing was taken.
        case replaced
    }

    private var records: [String: SystemRecord] = [:]
    private var links: [String: AgentLink] = [:]
    private var lastConnection: UInt64 = 0

    public init() {}

    public func record(_ systemID: String) -> SystemRecord? {
        records[systemID]
    }

    public func allRecords() -> [String: SystemRecord] {
        records
    }

    /// A welcomed connection's number, and the link it replaces, which the caller closes.
    func connect(
        _ hello: SRMHello, at now: Date, send: @escaping @Sendable (String) async throws -> Void, close: @escaping @Sendable () async -> Void
    ) -> (link: AgentLink, replaced: AgentLink?) {
        lastConnection += 1
        let link = AgentLink(connection: lastConnection, send: send, close: close)
        let replaced = links.updateValue(link, forKey: hello.systemID)
        var record =
            records[hello.systemID]
            ?? SystemRecord(
                systemID: hello.systemID, reportedName: hello.systemName, softwareVersion: hello.softwareVersion, connection: nil, connectedSince: nil,
                lastSeen: nil, report: .notReported, recent: [])
        record.reportedName = hello.systemName
        record.softwareVersion = hello.softwareVersion
        record.connection = link.connection
        record.connectedSince = now
        record.lastSeen = now
        record.report = .notReported
        records[hello.systemID] = record
        return (link, replaced)
    }

    /// The system's current connection, to send it a maintenance session's frames; nil when its
    /// agent is not connected.
    func link(_ systemID: String) -> AgentLink? {
        links[systemID]
    }

    /// The connection ended; nothing changes when a newer one replaced it already.
    func disconnect(_ systemID: String, connection: UInt64, at now: Date) {
        guard links[systemID]?.connection == connection else { return }
        links[systemID] = nil
        records[systemID]?.connection = nil
        records[systemID]?.connectedSince = nil
        records[systemID]?.lastSeen = now
    }

    /// Whether `connection` is still the system's; marks the agent seen if it is.
    func seen(_ systemID: String, connection: UInt64, at now: Date) -> Bool {
        guard records[systemID]?.connection == connection else { return false }
        records[systemID]?.lastSeen = now
        return true
    }

    /// Takes an event message and the report it came with. A sequence taken before is not kept
    /// twice, but its report still replaces the current one (it is the newer).
    func take(_ message: SRMEventMessage, sequence: Int64, report: SRMStatusReport, systemID: String, connection: UInt64, at now: Date) -> Taking {
        guard seen(systemID, connection: connection, at: now), var record = records[systemID] else { return .replaced }
        record.report = report
        let duplicate = record.recent.contains { $0.sequence == sequence }
        if !duplicate {
            record.recent.append(ReceivedEventMessage(sequence: sequence, receivedAt: now, message: message))
            if record.recent.count > Self.recentLimit { record.recent.removeFirst(record.recent.count - Self.recentLimit) }
        }
        records[systemID] = record
        return duplicate ? .duplicate : .stored
    }

    /// Replaces the current report; false when the connection was replaced.
    func report(_ report: SRMStatusReport, systemID: String, connection: UInt64, at now: Date) -> Bool {
        guard seen(systemID, connection: connection, at: now) else { return false }
        records[systemID]?.report = report
        return true
    }
}
