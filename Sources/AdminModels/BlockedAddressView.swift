/// An address on the DoS black list now (issue 15, point 3): it gets no answer at all until
/// `blockedUntil` (RFC 3339).
public struct BlockedAddressView: Codable, Sendable, Hashable, JSONWritable {
    public var address: String
    public var blockedUntil: String

    public init(address: String, blockedUntil: String) {
        self.address = address
        self.blockedUntil = blockedUntil
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("address", address)
        writer.member("blockedUntil", blockedUntil)
        writer.endObject()
    }
}
