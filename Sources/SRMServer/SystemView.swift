import Foundation
import SRMWire

/// One system as `GET /api/v1/systems` shows it (docs/srm.md): its allow-list entry and what
/// its agent last told. Absent values are `null`, not left out, so the page's script and a
/// reader of the JSON see every field.
public struct SystemView: Sendable, Hashable, Codable {
    public var systemID: String
    /// The installer's name for it, else the name the system reports.
    public var name: String
    public var reportedName: String?
    public var connected: Bool
    public var connectedSince: Date?
    public var lastSeen: Date?
    public var softwareVersion: String?
    public var statusAllowed: Bool
    /// nil: not reported (never connected, the SRM destination switched off on the system, or
    /// status changes not allowed here).
    public var status: SRMStatus?
    /// The manual's colour of `status` (§6.3.1.3), grey when not reported.
    public var colour: String
    public var active: [SRMActiveMessage]
    public var recent: [ReceivedEventMessage]

    /// The colour of a system whose status is not reported.
    public static let notReportedColour = "grey"

    public init(_ system: AllowedSystem, _ record: SystemRecord?) {
        systemID = system.systemID
        reportedName = record?.reportedName
        name = system.name ?? record?.reportedName ?? system.systemID
        connected = record?.connected ?? false
        connectedSince = record?.connectedSince
        lastSeen = record?.lastSeen
        softwareVersion = record?.softwareVersion
        statusAllowed = system.statusAllowed
        status = record?.report.status
        colour = status?.colour ?? Self.notReportedColour
        active = record?.report.active ?? []
        recent = record?.recent ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(systemID, forKey: .systemID)
        try container.encode(name, forKey: .name)
        try container.encode(reportedName, forKey: .reportedName)
        try container.encode(connected, forKey: .connected)
        try container.encode(connectedSince, forKey: .connectedSince)
        try container.encode(lastSeen, forKey: .lastSeen)
        try container.encode(softwareVersion, forKey: .softwareVersion)
        try container.encode(statusAllowed, forKey: .statusAllowed)
        try container.encode(status, forKey: .status)
        try container.encode(colour, forKey: .colour)
        try container.encode(active, forKey: .active)
        try container.encode(recent, forKey: .recent)
    }
}
