import NIOCore
import Testing

@testable import SIP

/// RFC 3261 §12 on the dialog state a B2BUA keeps per leg: made from an INVITE it answers
/// (§12.1.1) and from a response to one it sent (§12.1.2), the requests it builds in the dialog
/// (§12.2.1.1), which requests belong to it and the order of their CSeqs (§12.2.2).
@Suite struct SIPDialogTests {
    static func parse(_ text: String) throws -> SIPMessage {
        try SIPMessageParser().parse(datagram: ByteBuffer(string: text.replacingOccurrences(of: "\n", with: "\r\n")))
    }

    static let invite = """
        INVITE sip:202@192.0.2.1 SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1;rport
        Max-Forwards: 70
        From: "Ann" <sip:t201@192.0.2.1>;tag=caller-tag
        To: <sip:202@192.0.2.1>
        Call-ID: call-1@192.0.2.7
        CSeq: 7 INVITE
        Contact: <sip:t201@192.0.2.7:5062>
        Content-Length: 0


        """

    static let ownContact = SIPAddress(uri: try! SIPAddrSpec("sip:callplane@192.0.2.1:5060"))

    @Test func theUASDialogOfAnInviteTargetsItsContactAndSwapsFromAndTo() throws {
        let request = try #require(try Self.parse(Self.invite).request)
        var dialog = try SIPDialog(answering: request, localTag: "ours", localContact: Self.ownContact)
        #expect(dialog.callID == "call-1@192.0.2.7" && dialog.remoteTag == "caller-tag" && dialog.remoteSequence == 7)
        let bye = dialog.request(.bye)
        #expect(bye.uri.description == "sip:t201@192.0.2.7:5062")
        #expect(try bye.headers.from.tag == "ours" && bye.headers.from.uri.description == "sip:202@192.0.2.1")
        #expect(try bye.headers.to.tag == "caller-tag" && bye.headers.to.displayName == "Ann")
        #expect(try bye.headers.cseq == SIPCSeq(2, .bye) && bye.headers.callID == "call-1@192.0.2.7")
        #expect(!bye.headers.contains(.contact), "a BYE names no target (§12.2.1.1 asks Contact only of target refreshes)")
        let update = dialog.request(.update)
        #expect(try update.headers.cseq == SIPCSeq(3, .update) && update.headers.contacts == .addresses([Self.ownContact]))
    }

    @Test func aDialogTakesOnlyItsOwnRequestsAndRefusesAnOlderCSeq() throws {
        let request = try #require(try Self.parse(Self.invite).request)
        var dialog = try SIPDialog(answering: request, localTag: "ours", localContact: Self.ownContact)
        func inDialog(_ cseq: String, toTag: String = "ours", method: String = "BYE") throws -> SIPRequest {
            let text = Self.invite.replacingOccurrences(of: "INVITE sip:", with: method + " sip:").replacingOccurrences(
                of: "To: <sip:202@192.0.2.1>", with: "To: <sip:202@192.0.2.1>;tag=" + toTag
            ).replacingOccurrences(of: "CSeq: 7 INVITE", with: "CSeq: " + cseq + " " + method)
            return try #require(try Self.parse(text).request)
        }
        #expect(dialog.contains(try inDialog("8")))
        #expect(!dialog.contains(try inDialog("8", toTag: "another")))
        #expect(dialog.receive(try inDialog("8")))
        #expect(!dialog.receive(try inDialog("8")), "§12.2.2: a CSeq not higher than the last is out of order")
        #expect(dialog.receive(try inDialog("9", method: "UPDATE")))
    }

    @Test func theUACDialogTakesTheTargetAndTagOfTheAnswer() throws {
        let request = try #require(try Self.parse(Self.invite).request)
        let answer = try #require(
            try Self.parse(
                """
                SIP/2.0 200 OK
                Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1
                From: "Ann" <sip:t201@192.0.2.1>;tag=caller-tag
                To: <sip:202@192.0.2.1>;tag=callee-tag
                Call-ID: call-1@192.0.2.7
                CSeq: 7 INVITE
                Contact: <sip:bob@192.0.2.9:5070>
                Content-Length: 0


                """
            ).response)
        var dialog = try SIPDialog(invite: request, response: answer)
        let ack = dialog.acknowledgement(of: 7)
        #expect(try ack.uri.description == "sip:bob@192.0.2.9:5070" && ack.headers.cseq == SIPCSeq(7, .ack))
        #expect(try ack.headers.to.tag == "callee-tag" && ack.headers.from.tag == "caller-tag")
        let bye = dialog.request(.bye)
        #expect(try bye.headers.cseq == SIPCSeq(8, .bye))
    }
}
