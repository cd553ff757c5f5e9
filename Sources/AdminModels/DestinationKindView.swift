/// A destination kind's global switch (manual §6.3.1.3: e.g. "E-mail on/off").
public struct DestinationKindView: Codable, Sendable, Hashable, JSONWritable {
    public var kind: String
    public var on: Bool

    public init(kind: String, on: Bool) {
        self.kind = kind
        self.on = on
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("kind", kind)
        writer.member("on", on)
        writer.endObject()
    }
}
