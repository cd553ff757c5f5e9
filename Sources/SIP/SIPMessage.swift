import NIOCore

/// A request or a response: what one datagram, or one framed piece of a stream, holds.
public enum SIPMessage: Sendable, Hashable {
    case request(SIPRequest)
    case response(SIPResponse)

    public var headers: SIPHeaders {
        switch self {
        case .request(let request): request.headers
        case .response(let response): response.headers
        }
    }

    public var body: ByteBuffer {
        switch self {
        case .request(let request): request.body
        case .response(let response): response.body
        }
    }

    /// The message in its canonical form (see ``write(into:)``).
    public func serialized() -> ByteBuffer {
        var buffer = ByteBuffer()
        write(into: &buffer)
        return buffer
    }
}
