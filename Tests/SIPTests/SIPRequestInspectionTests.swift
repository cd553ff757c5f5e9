import NIOCore
import Testing

@testable import SIP

/// RFC 3261 §8.2.1–§8.2.3 on the RFC 4475 messages that parse but must not be processed, each
/// with its answer and what the answer must carry, and on the ones that must pass.
@Suite struct SIPRequestInspectionTests {
    let inspection = SIPRequestInspection(allowedMethods: [.invite, .ack, .bye, .cancel, .options, .register])

    func refusal(_ name: String) throws -> SIPResponse? {
        let request = try #require(try SIPMessageParser().parse(datagram: TortureMessages.bytes(name)).request)
        return inspection.refusal(of: request, toTag: "t1")
    }

    @Test func tortureMessagesGetTheRFCsAnswer() throws {
        let expected: [String: Int] = [
            "badvers": 505, "intmeth": 501, "esc02": 501, "unkscm": 416, "novelsc": 416, "bext01": 420, "invut": 415, "sdp01": 406,
            "mpart01": 405,
        ]
        for (name, status) in expected {
            let response = try #require(try refusal(name), "\(name) passed inspection")
            #expect(response.status == status, "\(name)")
            // §8.2.6.2: the answer is to this request and its To carries our tag.
            #expect(try response.headers.to.tag != nil, "\(name)")
        }
        for name in ["wsinv", "esc01", "lwsdisp", "longreq", "semiuri", "transports", "baddate", "zeromf", "inv2543", "cparam01", "unksm2"] {
            #expect(try refusal(name) == nil, "\(name) was refused")
        }
    }

    @Test func refusalsCarryTheHeadersTheirStatusPromises() throws {
        #expect(try refusal("intmeth")?.headers.first(.allow) == "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER")
        #expect(try refusal("mpart01")?.headers.first(.allow) == "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER")
        #expect(try refusal("bext01")?.headers.first(.unsupported) == "nothingSupportsThis, nothingSupportsThisEither")
        #expect(try refusal("invut")?.headers.first(.accept) == "application/sdp")
    }

    @Test func theResponseCopiesTheTransactionsHeaders() throws {
        let request = try #require(try SIPMessageParser().parse(datagram: TortureMessages.bytes("unkscm")).request)
        let response = try #require(inspection.refusal(of: request, toTag: "t1"))
        #expect(response.headers[.via] == request.headers[.via])
        #expect(try response.headers.callID == request.headers.callID)
        #expect(try response.headers.cseq == request.headers.cseq)
        #expect(try response.headers.from == request.headers.from)
        #expect(try response.headers.to.tag == "t1")
    }

    /// An ACK is never answered, whatever it holds (§17.1.1.3).
    @Test func anACKIsNeverRefused() throws {
        let text =
            "ACK nobody:opaque SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nMax-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\n"
            + "To: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 ACK\r\nRequire: foo\r\nContent-Type: text/nonsense\r\nContent-Length: 3\r\n\r\nabc"
        let request = try #require(try SIPMessageParser().parse(datagram: Array(text.utf8)).request)
        #expect(inspection.refusal(of: request, toTag: "t") == nil)
    }
}
