import NIOCore
import SIP

/// What ``SIPMessageDecoder`` made of an input that arrived in reads cut at `cuts`: its events in
/// order, the error that ended the stream if one did, and the octets it left waiting.
struct StreamReading: Equatable {
    var events: [SIPStreamEvent] = []
    var error: SIPParseError?
    var waiting: [UInt8] = []

    init(_ input: ByteBuffer, parser: SIPMessageParser, cuts: some Sequence<Int>) {
        var decoder = SIPMessageDecoder(parser: parser)
        var buffer = ByteBuffer()
        var start = 0
        for end in cuts.filter({ $0 > 0 && $0 < input.readableBytes }) + [input.readableBytes] where end > start {
            var read = input.getSlice(at: input.readerIndex + start, length: end - start) ?? ByteBuffer()
            buffer.writeBuffer(&read)
            start = end
            do {
                while true {
                    let before = buffer.readableBytes
                    guard let event = try decoder.next(&buffer) else { break }
                    guard buffer.readableBytes < before else {
                        SIPMessageFuzzer.violated("the stream decoder returned an event without consuming an octet", "\(event)")
                    }
                    events.append(event)
                }
            } catch {
                self.error = error
                return
            }
        }
        waiting = buffer.readableBytesView.map { $0 }
    }

    /// The reading with each ping as two pongs, and a ping's first three octets left waiting at
    /// the end as a pong and a CR: ``SIPMessageDecoder`` documents that a ping split after its
    /// first CRLF is read as a pong followed by a pong, so where a read ends decides which one
    /// a CRLF CRLF is.
    var splittingPings: StreamReading {
        var copy = self
        copy.events = events.flatMap { $0 == .keepAlivePing ? [SIPStreamEvent.keepAlivePong, .keepAlivePong] : [$0] }
        if error == nil, waiting == [0x0D, 0x0A, 0x0D] {
            copy.events.append(.keepAlivePong)
            copy.waiting = [0x0D]
        }
        return copy
    }
}
