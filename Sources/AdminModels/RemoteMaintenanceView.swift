/// `GET /api/v1/remote-maintenance`: `barred`, `one_off` or `permanent` (manual §5.4.1), and
/// whether a remote login is let in now.
public struct RemoteMaintenanceView: Codable, Sendable, Hashable, JSONWritable {
    public var mode: String
    public var enabled: Bool
    public var version: Int64

    public init(mode: String, enabled: Bool, version: Int64) {
        self.mode = mode
        self.enabled = enabled
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("enabled", enabled)
        writer.member("mode", mode)
        writer.member("version", version)
        writer.endObject()
    }
}
