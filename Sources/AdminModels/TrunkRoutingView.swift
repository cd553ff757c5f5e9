import Domain

/// `GET /api/v1/trunks/routing`: the exchange access code in force.
public struct TrunkRoutingView: Codable, Sendable, Hashable, JSONWritable {
    public var exchangeAccessCode: String
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ routing: TrunkRouting, version: Int64) {
        exchangeAccessCode = routing.exchangeAccessCode
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("exchangeAccessCode", exchangeAccessCode)
        writer.member("version", version)
        writer.endObject()
    }
}
