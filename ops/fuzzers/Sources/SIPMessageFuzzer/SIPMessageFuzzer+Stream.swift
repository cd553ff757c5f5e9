import NIOCore
import SIP

extension SIPMessageFuzzer {
    /// RFC 3261 §18.3 frames a stream on Content-Length: where TCP cuts the octets into reads
    /// must not change what is read. The stream and the datagram reader then agree on the first
    /// message, and every framed message keeps the promises of an accepted one.
    static func checkStream(_ input: ByteBuffer, _ datagram: Result<SIPMessage, SIPParseError>) {
        let whole = StreamReading(input, parser: parser, cuts: [])
        let expected = whole.splittingPings
        let hash = inputHash(input)
        let cut = input.readableBytes > 1 ? 1 + Int(hash % UInt32(input.readableBytes - 1)) : 0
        guard StreamReading(input, parser: parser, cuts: [cut]).splittingPings == expected else {
            violated("two reads frame otherwise than one", "cut at \(cut)")
        }
        guard StreamReading(input, parser: parser, cuts: smallReads(input.readableBytes, hash)).splittingPings == expected else {
            violated("reads of 1 to 16 octets frame otherwise than one read")
        }
        // Every boundary at once, on short inputs only: it costs a decoder call per octet.
        if input.readableBytes <= 256, StreamReading(input, parser: parser, cuts: 1..<max(1, input.readableBytes)).splittingPings != expected {
            violated("one octet per read frames otherwise than one read")
        }

        for event in whole.events {
            switch event {
            case .message(let message):
                guard message.headers.contains(.contentLength) else { violated("a framed message without Content-Length") }
                checkAccepted(message)
            case .malformed(let error):
                checkRefusal(error)
            case .keepAlivePing, .keepAlivePong:
                break
            }
        }
        if let error = whole.error { checkRefusal(error) }
        checkAgreement(input, whole, datagram)

        let tight = StreamReading(input, parser: tightParser, cuts: smallReads(input.readableBytes, hash))
        for case .message(let message) in tight.events {
            guard message.headers.count <= tightParser.limits.maximumHeaderCount else {
                violated("a framed message with more header fields than maximumHeaderCount")
            }
            checkAccepted(message)
        }
    }

    /// The datagram reader and the stream decoder share the head parser and the checks of a
    /// message; they differ only in the body's end (the datagram's end when Content-Length is
    /// absent, §18.3) and in what a short body means (refused vs. wait for more).
    static func checkAgreement(_ input: ByteBuffer, _ stream: StreamReading, _ datagram: Result<SIPMessage, SIPParseError>) {
        // Leading CRLFs are keep-alives on a stream and are skipped in a datagram (§7.5).
        guard input.getBytes(at: input.readerIndex, length: 2) != [0x0D, 0x0A] else { return }
        switch datagram {
        case .success(let message) where message.headers.contains(.contentLength):
            guard stream.events.first == .message(message) else {
                violated("a datagram's message is not the stream's first", "stream read \(stream.events.first.map { "\($0)" } ?? "nothing")")
            }
        case .success:
            guard stream.events.isEmpty, stream.error?.rule == .missingContentLength else {
                violated("a stream message without Content-Length is not refused")
            }
        case .failure(let error):
            switch stream.events.first {
            case .message?: violated("the stream frames a message the datagram reader refuses", error.description)
            case .malformed(let streamError)?:
                guard streamError == error else { violated("the stream and the datagram refuse a message for different reasons", "\(streamError) vs \(error)") }
            default: break
            }
        }
    }

    /// A hash of the input's octets (FNV-1a), from which the cut points follow, so that
    /// libFuzzer's mutations move them and a reproducer replays them.
    static func inputHash(_ input: ByteBuffer) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in input.readableBytesView { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// Cut points `count` octets apart at most, each read 1 to 16 octets long.
    static func smallReads(_ count: Int, _ hash: UInt32) -> [Int] {
        var state = hash | 1
        var cuts: [Int] = []
        var position = 0
        while position < count {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            position += 1 + Int(state % 16)
            cuts.append(position)
        }
        return cuts
    }
}
