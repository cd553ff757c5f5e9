import NIOCore

/// Frames the alarm server's stream into lines (docs/atas.md, "Transport and framing"): LF
/// ends a line, a CR before it is dropped, and a line longer than
/// ``ATASRequest/maximumLineLength`` is an error rather than a buffer that grows without end.
struct ATASLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The error that ends the connection with `line_too_long`.
    struct LineTooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: 0x0A) else {
            if buffer.readableBytes > ATASRequest.maximumLineLength + 1 { throw LineTooLong() }
            return .needMoreData
        }
        var length = newline - view.startIndex
        let line = buffer.readSlice(length: length + 1)!
        if length > 0, view[newline - 1] == 0x0D { length -= 1 }
        guard length <= ATASRequest.maximumLineLength else { throw LineTooLong() }
        context.fireChannelRead(wrapInboundOut(line.getSlice(at: line.readerIndex, length: length)!))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last line without its LF is not a whole message.
        buffer.clear()
        return .needMoreData
    }
}
