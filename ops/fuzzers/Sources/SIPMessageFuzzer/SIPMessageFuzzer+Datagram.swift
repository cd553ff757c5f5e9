import NIOCore
import SIP

extension SIPMessageFuzzer {
    /// The parser always says whether to answer 400 or drop (RFC 3261 §8.2.2, §18.1.2), and the
    /// headers it keeps for a 400 are read through the same accessors as an accepted message's,
    /// which may refuse them but not trap.
    static func checkRefusal(_ error: SIPParseError) {
        switch error.answer {
        case nil: violated("a refusal without an answer", error.description)
        case .discard: break
        case .badRequest(let headers): exerciseAccessors(headers)
        }
    }

    /// Written out in canonical form and read again, a message is the one that was read, with
    /// its Content-Length set to its body's (see `SIPRoundTripTests`); and the canonical form is a
    /// fixed point, so relaying a message relays the same octets.
    static func checkRoundTrip(_ message: SIPMessage) {
        let wire = message.serialized()
        let reread: SIPMessage
        do {
            reread = try parser.parse(datagram: wire)
        } catch {
            violated("the canonical form of an accepted message is refused", "\(error) in \(String(buffer: wire))")
        }
        guard reread == withCanonicalContentLength(message) else {
            violated("a message read back from its canonical form differs", String(buffer: wire))
        }
        guard reread.serialized() == wire else {
            violated("the canonical form is not a fixed point", String(buffer: wire))
        }
    }

    /// Tighter limits refuse more and change nothing in what they accept.
    static func checkTightLimits(_ input: ByteBuffer, _ datagram: Result<SIPMessage, SIPParseError>) {
        guard case .success(let tight) = Result(catching: { () throws(SIPParseError) in try tightParser.parse(datagram: input) }) else { return }
        guard case .success(let message) = datagram, message == tight else {
            violated("tight limits accept a message the default limits read otherwise")
        }
        guard tight.headers.count <= tightParser.limits.maximumHeaderCount else {
            violated("more header fields than maximumHeaderCount", String(tight.headers.count))
        }
    }

    /// What the serializer writes (§20.14: Content-Length is the body's size in octets, where
    /// the first one stood or at the end).
    static func withCanonicalContentLength(_ message: SIPMessage) -> SIPMessage {
        switch message {
        case .request(var request):
            request.headers.replaceOrAdd(.contentLength, String(request.body.readableBytes))
            return .request(request)
        case .response(var response):
            response.headers.replaceOrAdd(.contentLength, String(response.body.readableBytes))
            return .response(response)
        }
    }
}
