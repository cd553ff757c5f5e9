/// `POST /api/v1/system/first-start`: the reset is staged; the server restarts right after this
/// answer and comes back with the default configuration (manual §5.6.3.2).
public struct FirstStartView: Codable, Sendable, Hashable, JSONWritable {
    /// The system id the new configuration keeps.
    public var systemId: String
    /// Where the previous log is kept (dated copies in the data directory).
    public var previousLog: [String]
    public var restarting: Bool

    public init(systemId: String, previousLog: [String]) {
        self.systemId = systemId
        self.previousLog = previousLog
        restarting = true
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("previousLog", previousLog)
        writer.member("restarting", restarting)
        writer.member("systemId", systemId)
        writer.endObject()
    }
}
