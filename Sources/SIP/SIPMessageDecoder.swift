import NIOCore

/// Frames SIP messages on a stream (TCP, TLS): RFC 3261 §18.3 makes Content-Length mandatory
/// there and the end of a message is the end of its body. Between messages a peer may send
/// keep-alives (RFC 5626 §3.5.1), reported as events.
///
/// A message whose framing cannot be trusted — no or an unreadable Content-Length, a head or a
/// declared body beyond ``SIPMessageParser/Limits/maximumMessageSize``, a broken header line —
/// is thrown as a ``SIPParseError``: the stream is out of step and the connection should close
/// (after a 400 when the error's answer allows). A message that is framed but otherwise
/// malformed arrives as ``SIPStreamEvent/malformed(_:)`` and the stream reads on.
///
/// A ping split across reads after its first CRLF is taken for a pong followed by a pong: peers
/// write the four octets at once, and waiting on a lone CRLF would leave a pong unseen until
/// more data came.
public struct SIPMessageDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = SIPStreamEvent

    public let parser: SIPMessageParser
    /// The head of a message whose body has not fully arrived, kept so it is read once.
    private var pending: SIPMessageParser.Head?
    /// Octets of the buffer already searched for the empty line that ends a head.
    private var searched = 0

    public init(parser: SIPMessageParser = SIPMessageParser()) {
        self.parser = parser
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = try next(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(event))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let event = try next(&buffer) {
            context.fireChannelRead(wrapInboundOut(event))
        }
        return .needMoreData
    }

    /// The next event in `buffer`, consuming its octets, or `nil` when more must arrive. Usable
    /// without a channel.
    public mutating func next(_ buffer: inout ByteBuffer) throws(SIPParseError) -> SIPStreamEvent? {
        if pending == nil, let crlf = buffer.getBytes(at: buffer.readerIndex, length: min(4, buffer.readableBytes)), crlf.starts(with: [.cr, .lf]) {
            searched = 0
            if crlf == [.cr, .lf, .cr, .lf] {
                buffer.moveReaderIndex(forwardBy: 4)
                return .keepAlivePing
            }
            if crlf.count == 3, crlf[2] == .cr { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .keepAlivePong
        }
        let head: SIPMessageParser.Head
        if let pending {
            head = pending
        } else {
            guard emptyLineArrived(in: buffer) else {
                if buffer.readableBytes >= parser.limits.maximumMessageSize {
                    throw SIPParseError(.messageTooLarge, detail: "no end of header section", answer: .discard)
                }
                return nil
            }
            switch buffer.withUnsafeReadableBytes({ parser.parseHead($0) }) {
            case .incomplete: return nil
            case .failed(let error, let startLine, let headers):
                throw error.with(answer: SIPMessageParser.answer(startLine, headers))
            case .complete(let complete): head = complete
            }
        }
        let length: Int
        do throws(SIPParseError) {
            guard let declared = try head.headers.contentLength else {
                throw SIPParseError(.missingContentLength)
            }
            length = declared
        } catch {
            throw error.with(answer: SIPMessageParser.answer(head.startLine, head.headers))
        }
        guard head.length + length <= parser.limits.maximumMessageSize else {
            throw SIPParseError(
                .messageTooLarge, header: "Content-Length", detail: String(length), answer: SIPMessageParser.answer(head.startLine, head.headers))
        }
        guard buffer.readableBytes >= head.length + length else {
            pending = head
            return nil
        }
        pending = nil
        buffer.moveReaderIndex(forwardBy: head.length)
        let body = buffer.readSlice(length: length) ?? ByteBuffer()
        do {
            return .message(try parser.message(head, body: body))
        } catch {
            return .malformed(error)
        }
    }

    /// Whether `CRLF CRLF` has arrived, searching only the octets that came since the last look:
    /// a peer dribbling a head one octet per read then costs linear time, where parsing the
    /// head afresh on every read would cost quadratic time.
    private mutating func emptyLineArrived(in buffer: ByteBuffer) -> Bool {
        let start = max(0, searched - 3)
        let found = buffer.withUnsafeReadableBytes { raw in
            var index = start
            while index + 3 < raw.count {
                if raw[index] == .cr, raw[index + 1] == .lf, raw[index + 2] == .cr, raw[index + 3] == .lf { return true }
                index += 1
            }
            return false
        }
        searched = found ? 0 : buffer.readableBytes
        return found
    }
}
