/// `GET /api/v1/destinations`: every signal destination and every kind's switch.
public struct DestinationList: Codable, Sendable, Hashable, JSONWritable {
    public var destinations: [DestinationView]
    public var kinds: [DestinationKindView]

    public init(destinations: [DestinationView], kinds: [DestinationKindView]) {
        self.destinations = destinations
        self.kinds = kinds
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("destinations", destinations)
        writer.member("kinds", kinds)
        writer.endObject()
    }
}
