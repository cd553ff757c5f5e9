import NIOCore

/// Writes ``SIPMessage``s onto a stream or into datagrams in canonical form
/// (``SIPMessage/write(into:)``).
public struct SIPMessageEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = SIPMessage

    public init() {}

    public func encode(data: SIPMessage, out: inout ByteBuffer) throws {
        data.write(into: &out)
    }
}
