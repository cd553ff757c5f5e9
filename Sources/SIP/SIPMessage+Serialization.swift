import NIOCore

extension SIPMessage {
    /// Writes the message in canonical form: CRLF line ends, each header on one line as
    /// `name: value` in its order and spelling, and exactly one Content-Length, equal to the
    /// body's length, where the first one stood (or last when there was none). §18.3 makes
    /// Content-Length mandatory on streams; writing it always costs nothing and frees the sender
    /// from knowing the transport.
    public func write(into buffer: inout ByteBuffer) {
        switch self {
        case .request(let request):
            buffer.writeString(request.method.rawValue)
            buffer.writeInteger(UInt8.space)
            buffer.writeString(request.uri.description)
            buffer.writeInteger(UInt8.space)
            buffer.writeString(request.version.description)
        case .response(let response):
            buffer.writeString(response.version.description)
            buffer.writeInteger(UInt8.space)
            buffer.writeString(String(response.status))
            buffer.writeInteger(UInt8.space)
            buffer.writeString(response.reason)
        }
        buffer.writeStaticString("\r\n")
        let headers = self.headers
        let body = self.body
        var wroteLength = false
        for field in headers.fields {
            if field.known == .contentLength {
                guard !wroteLength else { continue }
                wroteLength = true
                buffer.writeBytes(headers.bytes[field.name])
                buffer.writeStaticString(": ")
                buffer.writeString(String(body.readableBytes))
            } else {
                buffer.writeBytes(headers.bytes[field.name])
                buffer.writeStaticString(": ")
                buffer.writeBytes(headers.bytes[field.value])
            }
            buffer.writeStaticString("\r\n")
        }
        if !wroteLength {
            buffer.writeStaticString("Content-Length: ")
            buffer.writeString(String(body.readableBytes))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        var bodyCopy = body
        buffer.writeBuffer(&bodyCopy)
    }
}
