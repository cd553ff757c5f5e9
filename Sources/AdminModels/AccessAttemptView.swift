/// One access attempt of an account's log (manual §5.3.3): when, from where, over which
/// interface, and how it ended.
public struct AccessAttemptView: Codable, Sendable, Hashable, JSONWritable {
    public var at: String
    public var source: String
    public var interface: String
    public var success: Bool
    public var reason: String

    public init(at: String, source: String, interface: String, success: Bool, reason: String) {
        self.at = at
        self.source = source
        self.interface = interface
        self.success = success
        self.reason = reason
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("at", at)
        writer.member("interface", interface)
        writer.member("reason", reason)
        writer.member("source", source)
        writer.member("success", success)
        writer.endObject()
    }
}
