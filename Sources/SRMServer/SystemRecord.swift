import Foundation
import SRMWire

/// What the SRM server knows of one system's agent, in memory only.
///
/// Nothing of it is kept across a restart of the SRM server: the status is the agent's to tell
/// (§6.3.1.3), so it is rebuilt from the report the agent sends right after every welcome.
public struct SystemRecord: Sendable, Hashable {
    public var systemID: String
    /// The system's own name and software version, from its last hello.
    public var reportedName: String
    public var softwareVersion: String
    /// The connection now open, nil when none is.
    public var connection: UInt64?
    public var connectedSince: Date?
    /// When the agent last sent a frame.
    public var lastSeen: Date?
    public var report: SRMStatusReport
    /// The last ``SystemRegistry/recentLimit`` event messages taken, oldest first.
    public var recent: [ReceivedEventMessage]

    public var connected: Bool { connection != nil }
}
