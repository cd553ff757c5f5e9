/// `GET /api/v1/access-control/settings`: the idle timeout of manual §5.3.2.
public struct AccessControlSettingsView: Codable, Sendable, Hashable, JSONWritable {
    public var idleTimeoutMinutes: Int
    public var version: Int64

    public init(idleTimeoutMinutes: Int, version: Int64) {
        self.idleTimeoutMinutes = idleTimeoutMinutes
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("idleTimeoutMinutes", idleTimeoutMinutes)
        writer.member("version", version)
        writer.endObject()
    }
}
