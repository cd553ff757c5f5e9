import NIOCore
import SIP

/// libFuzzer's entry point, called once per input; the `-sanitize=fuzzer` runtime brings `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSIPMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SIPMessageFuzzer.check(ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Reads one input the ways a transport will — as a UDP datagram, and as a TCP stream arriving
/// whole, in two reads and one octet per read — and stops the process with `fatalError` (which
/// libFuzzer records as a crash, with the input) when a promise the layers above rely on is
/// broken. A trap or a memory error inside the SIP module stops it just the same.
///
/// The promises are those of the module's documentation and `Tests/SIPTests`: an accepted message
/// has readable Via, From, To, Call-ID, CSeq, Max-Forwards, Contact, Route, Record-Route and
/// Content-Type; its Content-Length is its body's; written out and read again it is the same
/// message (`SIPRoundTripTests`); a value written by a typed accessor's type reads back as that
/// value; a stream frames the same messages however its octets are cut into reads; the stream
/// and the datagram reader agree on a message; tighter limits only refuse, never change what is
/// read.
enum SIPMessageFuzzer {
    static let parser = SIPMessageParser()
    /// Bounds far below the defaults, so that inputs of a few hundred octets reach each of them.
    static let tightParser = SIPMessageParser(limits: .init(maximumMessageSize: 512, maximumHeaderCount: 8, maximumLineLength: 128))

    static func check(_ input: ByteBuffer) {
        let datagram = Result { () throws(SIPParseError) in try parser.parse(datagram: input) }
        switch datagram {
        case .success(let message):
            checkAccepted(message)
            checkRoundTrip(message)
        case .failure(let error):
            checkRefusal(error)
        }
        checkTightLimits(input, datagram)
        checkStream(input, datagram)
    }

    /// Stops the process: the input broke `promise`.
    static func violated(_ promise: String, _ detail: @autoclosure () -> String = "") -> Never {
        let detail = detail()
        // Escaped, so that a NUL or a line break in the input cannot cut or forge the report.
        fatalError("SIPMessageFuzzer: " + promise + (detail.isEmpty ? "" : ": " + String(detail.debugDescription.dropFirst().dropLast())))
    }
}
