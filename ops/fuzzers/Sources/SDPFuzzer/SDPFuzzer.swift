import SIP

/// libFuzzer's entry point, called once per input; the `-sanitize=fuzzer` runtime brings `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSDP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SDPFuzzer.check(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// Reads one input as a session description and stops the process with `fatalError` (which
/// libFuzzer records as a crash, with the input) when a promise of ``SDPSessionDescription`` is
/// broken: what parses is written by ``SDPSessionDescription/text`` as text that parses to an
/// equal value and is written back byte for byte (so a B2BUA relays what it did not change
/// unchanged), and so are the hold and resume offers built from it (RFC 3264 §8.4). The typed
/// attribute accessors return or throw an `SDPParseError`, never trap.
enum SDPFuzzer {
    static func check(_ input: UnsafeBufferPointer<UInt8>) {
        guard case .success(let description) = Result(catching: { () throws(SDPParseError) in try SDPSessionDescription(parsing: input) }) else {
            return
        }
        checkRoundTrip(description, "a parsed description")
        checkRoundTrip(description.held(), "the hold offer")
        checkRoundTrip(description.resumed(), "the resume offer")
        checkRoundTrip(description.withDirection(.inactive), "an inactive offer")
        if let next = description.withNextVersion() {
            guard next.origin.sessionVersion == description.origin.sessionVersion + 1 else { violated("the next version is not one higher") }
            checkRoundTrip(next, "the next version")
        } else if description.origin.sessionVersion < .max {
            violated("no next version below 2^64-1")
        }
        for media in description.media {
            _ = try? media.rtpMaps
            _ = try? media.cryptos
            _ = try? media.packetTime
            _ = try? media.rtcp
            for format in media.formats {
                _ = media.formatParameters(for: format)
                if media.isRTP, let payloadType = UInt8(format) { _ = try? media.rtpMap(for: payloadType) }
            }
            _ = description.isHold(media)
            _ = description.connection(of: media)
        }
        let held = description.held()
        if held.media.contains(where: { $0.port != 0 }), !held.isHold { violated("the hold offer does not hold") }
    }

    static func checkRoundTrip(_ description: SDPSessionDescription, _ what: String) {
        let text = description.text
        let reread: SDPSessionDescription
        do {
            reread = try SDPSessionDescription(parsing: text)
        } catch {
            violated(what + " is written as text the parser refuses", "\(error) in \(text)")
        }
        guard reread == description else { violated(what + " reads back otherwise from its text", text) }
        guard reread.text == text else { violated(what + ": the text is not a fixed point", text) }
    }

    static func violated(_ promise: String, _ detail: @autoclosure () -> String = "") -> Never {
        let detail = detail()
        // Escaped, so that a NUL or a line break in the input cannot cut or forge the report.
        fatalError("SDPFuzzer: " + promise + (detail.isEmpty ? "" : ": " + String(detail.debugDescription.dropFirst().dropLast())))
    }
}
