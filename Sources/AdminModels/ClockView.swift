/// The answer to moving a virtual clock: the time it shows now.
public struct ClockView: Codable, Sendable, Hashable, JSONWritable {
    public var now: String

    public init(now: String) {
        self.now = now
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("now", now)
        writer.endObject()
    }
}
