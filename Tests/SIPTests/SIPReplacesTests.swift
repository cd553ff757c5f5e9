import Testing

@testable import SIP

/// The Replaces header field of RFC 3891 §6.1.
@Suite struct SIPReplacesTests {
    @Test func theExampleOfTheRFCParsesAndPrintsBack() throws {
        // §6.1's example, with white space around the separators.
        let replaces = try #require(SIPReplaces("98732@sip.example.com ; from-tag=r33th4x0r ;to-tag=ff87ff"))
        #expect(replaces == SIPReplaces(callID: "98732@sip.example.com", toTag: "ff87ff", fromTag: "r33th4x0r"))
        #expect(replaces.description == "98732@sip.example.com;to-tag=ff87ff;from-tag=r33th4x0r")
        #expect(SIPReplaces(replaces.description) == replaces)
    }

    @Test func earlyOnlyAndUnknownParametersAreKeptApart() throws {
        let replaces = try #require(SIPReplaces("a@b;to-tag=1;from-tag=2;early-only;x-vendor=7"))
        #expect(replaces.earlyOnly)
        #expect(replaces.description == "a@b;to-tag=1;from-tag=2;early-only")
    }

    @Test(arguments: [
        "", ";to-tag=1;from-tag=2", "a@b;to-tag=1", "a@b;from-tag=2", "a@b;to-tag=;from-tag=2", "a@b;to-tag=1;to-tag=3;from-tag=2",
        "a b;to-tag=1;from-tag=2", "a@b;to-tag=1;;from-tag=2",
    ])
    func aValueWithoutOneToTagAndOneFromTagIsRefused(_ value: String) {
        #expect(SIPReplaces(value) == nil)
    }

    @Test func theReplacesOfADialogNamesItAsItsRemotePartyKnowsIt() throws {
        var request = SIPRequest(
            method: .invite, uri: try SIPAddrSpec("sip:202@pbx"),
            headers: [
                .via: "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", .from: "<sip:201@pbx>;tag=caller", .to: "<sip:202@pbx>", .callID: "c1@pbx",
                .cseq: "1 INVITE", .contact: "<sip:201@192.0.2.1>", .maxForwards: "70",
            ])
        request.headers.add(.contentLength, "0")
        let dialog = try SIPDialog(answering: request, localTag: "pbx-tag", localContact: SIPAddress(uri: try SIPAddrSpec("sip:callplane@192.0.2.9")))
        // The phone that receives the INVITE is the dialog's remote party: its tag is the to-tag.
        #expect(SIPReplaces(naming: dialog) == SIPReplaces(callID: "c1@pbx", toTag: "caller", fromTag: "pbx-tag"))
        // Callplane, receiving a Replaces, finds its own dialog by its own tag in to-tag.
        #expect(SIPReplaces(callID: "c1@pbx", toTag: "pbx-tag", fromTag: "caller").names(dialog))
        #expect(!SIPReplaces(naming: dialog).names(dialog), "the tags the other way round name another dialog")
        #expect(!SIPReplaces(callID: "c2@pbx", toTag: "pbx-tag", fromTag: "caller").names(dialog))
    }
}
