import NIOCore
import Testing

@testable import SIP

/// RFC 4475: each of the 49 messages with the handling the RFC (and the table of
/// `../shared/sip/README.md`) expects of the element that receives it in one UDP datagram. The
/// codec's share is either to read the message, with the fields that make it tortuous checked,
/// or to refuse it with the rule it breaks and the right answer (400 or drop); what the element
/// does next with a message that parses (405, 416, 505 …) is named in `then` for the layers to
/// come.
@Suite struct TortureTests {
    enum Expected {
        case parses(then: String, check: @Sendable (SIPMessage) throws -> Void)
        case refused(SIPParseError.Rule, header: String? = nil, answer: Answer)
    }

    enum Answer {
        case badRequest
        case discard
    }

    static let expected: [String: Expected] = [
        // §3.1.1 valid messages.
        "wsinv": .parses(then: "process") { message throws in
            let request = try #require(message.request)
            #expect(request.method == .invite)
            let vias = try request.headers.via
            #expect(vias.count == 3)
            #expect(vias[0].transport == "UDP" && vias[0].host == .ipv4("192.0.2.2") && vias[0].branch == "390skdjuw")
            #expect(vias[1].transport == "TCP" && vias[1].host == .hostname("spindle.example.com") && vias[1].branch == "z9hG4bK9ikj8")
            #expect(vias[2].branch == "z9hG4bK30239")
            #expect(try request.headers.to.tag == "1918181833n")
            #expect(try request.headers.from.displayName == "J Rosenberg \\\"")
            #expect(try request.headers.from.tag == "98asjd8")
            #expect(try request.headers.maxForwards == 68)
            #expect(try request.headers.cseq == SIPCSeq(9, .invite))
            #expect(try request.headers.contentLength == 150)
            #expect(request.body.readableBytes == 150)
            #expect(request.headers.first("Subject") == "")
            #expect(request.headers.first("NewFangledHeader") == "newfangled value continued newfangled value")
            guard case .addresses(let contacts) = try request.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts.count == 1)
            #expect(contacts[0].displayName == "Quoted string \"\"")
            #expect(contacts[0].parameters["newparam"] == "newvalue" && contacts[0].parameters.contains("secondparam"))
            #expect(contacts[0].parameters["q"] == "0.33")
            #expect(try request.headers.route.first?.uri.sipURI?.isLooseRouter == true)
        },
        "intmeth": .parses(then: "an unknown method is answered 405 or 501, not 400") { message throws in
            let request = try #require(message.request)
            #expect(request.method.rawValue == "!interesting-Method0123456789_*+`.%indeed'~")
            let uri = try #require(request.uri.sipURI)
            #expect(uri.user == "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*")
            #expect(uri.password == "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
            #expect(try request.headers.to.displayName == "BEL:\u{07} NUL:\u{00} DEL:\u{7F}")
            #expect(try request.headers.from.displayName == "token1~` token2'+_ token3*%!.-")
            #expect(try request.headers.from.tag == "_token~1'+`*%!-.")
            #expect(try request.headers.callID == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
            #expect(try request.headers.cseq.sequenceNumber == 139_122_385)
            #expect(try request.headers.maxForwards == 255)
            #expect(request.headers.first("extensionHeader-!.%*+_`'~") != nil)
        },
        "esc01": .parses(then: "process; URIs compare unescaped") { message throws in
            let request = try #require(message.request)
            #expect(request.uri.sipURI?.unescapedUser == "sips:user@example.com")
            #expect(try request.headers.to.uri.sipURI?.unescapedUser == "user")
            #expect(try request.headers.from.uri.sipURI?.unescapedUser == "I have spaces")
            #expect(try request.headers.callID == "esc01.239409asdfakjkn23onasd0-3234")
            guard case .addresses(let contacts) = try request.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts[0].uri.sipURI?.isEquivalent(to: try SIPURI("sip:caller@host5.example.net;lr;name=value%41")) == true)
        },
        "escnull": .parses(then: "process") { message throws in
            let request = try #require(message.request)
            #expect(try request.headers.to.uri.sipURI?.unescapedUser == "null-\u{00}-null")
            guard case .addresses(let contacts) = try request.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts.map { $0.uri.sipURI?.unescapedUser } == ["\u{00}", "\u{00}\u{00}"])
        },
        "esc02": .parses(then: "an unknown method is answered 405 or 501") { message throws in
            let request = try #require(message.request)
            #expect(request.method.rawValue == "RE%47IST%45R")
            #expect(try request.headers.cseq.method.rawValue == "RE%47IST%45R")
            #expect(try request.headers.to.displayName == "%Z%45")
            guard case .addresses(let contacts) = try request.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts.count == 2)
            #expect(request.headers["C%6Fntact"] == ["<sip:alias2@host2.example.com>"])
            #expect(try request.headers.via.first?.branch == "z9hG4bK209%fzsnel234")
        },
        "lwsdisp": .parses(then: "process") { message throws in
            #expect(try message.headers.from.displayName == "caller")
        },
        "longreq": .parses(then: "process") { message throws in
            let request = try #require(message.request)
            #expect(try request.headers.via.count == 34)
            #expect(try request.headers.to.uri.sipURI?.port == 6000)
            #expect(
                try request.headers.from.parameters.contains(
                    "unknownValuelessparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamname"))
            #expect(request.body.readableBytes == (try request.headers.contentLength))
        },
        "dblreq": .parses(then: "process the REGISTER, ignore the INVITE after it") { message throws in
            let request = try #require(message.request)
            #expect(request.method == .register)
            #expect(request.body.readableBytes == 0)
        },
        "semiuri": .parses(then: "process") { message throws in
            let uri = try #require(message.request?.uri.sipURI)
            #expect(uri.user == "user;par=u%40example.net")
            #expect(uri.host == .hostname("example.com"))
            #expect(uri.parameters.isEmpty)
        },
        "transports": .parses(then: "process") { message throws in
            #expect(try message.headers.via.map(\.transport) == ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"])
        },
        "mpart01": .parses(then: "process") { message throws in
            #expect(try message.headers.contentType?.matches(SIPMediaType(type: "multipart", subtype: "mixed")) == true)
            #expect(message.body.readableBytes == (try message.headers.contentLength))
        },
        "unreason": .parses(then: "process") { message throws in
            let response = try #require(message.response)
            #expect(response.status == 200)
            #expect(response.reason.hasPrefix("= 2**3 * 5**2 но"))
        },
        "noreason": .parses(then: "process") { message throws in
            let response = try #require(message.response)
            #expect(response.status == 100 && response.reason == "")
        },
        // §3.1.2 invalid messages.
        "badinv01": .refused(.malformedHeaderValue, header: "Via", answer: .badRequest),
        "clerr": .refused(.contentLengthExceedsMessage, answer: .badRequest),
        "ncl": .refused(.malformedContentLength, answer: .badRequest),
        "scalar02": .refused(.numberOutOfRange, header: "CSeq", answer: .badRequest),
        "scalarlg": .refused(.numberOutOfRange, header: "CSeq", answer: .discard),
        "quotbal": .refused(.malformedHeaderValue, header: "To", answer: .badRequest),
        "ltgtruri": .refused(.malformedURI, answer: .badRequest),
        "lwsruri": .refused(.malformedRequestLine, answer: .badRequest),
        "lwsstart": .refused(.malformedRequestLine, answer: .badRequest),
        "trws": .refused(.malformedRequestLine, answer: .badRequest),
        "escruri": .refused(.requestURIWithHeaders, answer: .badRequest),
        "baddate": .parses(then: "process, ignoring the Date (the codec does not read it)") { message throws in
            #expect(message.headers.first("Date") == "Fri, 01 Jan 2010 16:00:00 EST")
        },
        "regbadct": .refused(.malformedHeaderValue, header: "Contact", answer: .badRequest),
        "badaspec": .refused(.malformedHeaderValue, header: "To", answer: .badRequest),
        "baddn": .refused(.malformedHeaderValue, header: "From", answer: .badRequest),
        "badvers": .parses(then: "505 Version Not Supported") { message throws in
            #expect(message.request?.version == SIPVersion(major: 7, minor: 0))
        },
        "mismatch01": .refused(.cseqMethodMismatch, header: "CSeq", answer: .badRequest),
        "mismatch02": .refused(.cseqMethodMismatch, header: "CSeq", answer: .badRequest),
        "bigcode": .refused(.statusCodeOutOfRange, answer: .discard),
        // §3.2 transaction layer.
        "badbranch": .parses(then: "match the transaction the RFC 2543 way") { message throws in
            let via = try #require(try message.headers.via.first)
            #expect(via.branch == "z9hG4bK" && !via.hasRFC3261Branch)
        },
        // §3.3 application layer.
        "insuf": .refused(.missingHeader, header: "From, To, Call-ID", answer: .badRequest),
        "unkscm": .parses(then: "416 Unsupported URI Scheme") { message throws in
            #expect(message.request?.uri == .absolute(SIPAbsoluteURI(scheme: "nobodyKnowsThisScheme", rest: "totallyopaquecontent")))
        },
        "novelsc": .parses(then: "416 Unsupported URI Scheme") { message throws in
            #expect(message.request?.uri == .absolute(SIPAbsoluteURI(scheme: "soap.beep", rest: "//192.0.2.103:3002")))
        },
        "unksm2": .parses(then: "process") { message throws in
            #expect(try message.headers.to.uri == .absolute(SIPAbsoluteURI(scheme: "isbn", rest: "2983792873")))
            #expect(try message.headers.from.uri.description == "http://www.example.com")
            #expect(try message.headers.contacts == .addresses([SIPAddress(uri: .absolute(SIPAbsoluteURI(scheme: "name", rest: "John_Smith")))]))
        },
        "bext01": .parses(then: "420 Bad Extension with Unsupported") { message throws in
            #expect(message.headers[.require] == ["nothingSupportsThis, nothingSupportsThisEither"])
            #expect(message.headers[.proxyRequire].count == 1)
        },
        "invut": .parses(then: "415 Unsupported Media Type with Accept") { message throws in
            #expect(try message.headers.contentType == SIPMediaType(type: "application", subtype: "unknownformat"))
        },
        "regaut01": .parses(then: "401 with a challenge") { message throws in
            #expect(message.headers.first(.authorization) == "NoOneKnowsThisScheme opaque-data=here")
            #expect(try message.headers.digestCredentials().isEmpty, "not digest: the registrar challenges it")
        },
        "multi01": .refused(.duplicateHeader, header: "From", answer: .badRequest),
        "mcl01": .refused(.duplicateHeader, header: "Content-Length", answer: .badRequest),
        "bcast": .parses(then: "the client transport drops it: its top Via is not ours (§18.1.2)") { message throws in
            #expect(message.response?.status == 200)
            #expect(try message.headers.via.map(\.host) == [.ipv4("192.0.2.198"), .ipv4("255.255.255.255")])
        },
        "zeromf": .parses(then: "answered by the element addressed; forwarding would be 483") { message throws in
            #expect(try message.headers.maxForwards == 0)
        },
        "cparam01": .parses(then: "register the binding") { message throws in
            guard case .addresses(let contacts) = try message.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts[0].parameters.contains("unknownparam"))
            #expect(contacts[0].uri.sipURI?.parameters.isEmpty == true)
        },
        "cparam02": .parses(then: "register the binding") { message throws in
            guard case .addresses(let contacts) = try message.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts[0].parameters.isEmpty)
            #expect(contacts[0].uri.sipURI?.parameters.contains("unknownparam") == true)
        },
        "regescrt": .parses(then: "register the binding as given") { message throws in
            guard case .addresses(let contacts) = try message.headers.contacts else { throw Failure("no contacts") }
            #expect(contacts[0].uri.description == "sip:user@example.com?Route=%3Csip:sip.example.com%3E")
        },
        "sdp01": .parses(then: "406 Not Acceptable") { message throws in
            #expect(message.headers.first(.accept) == "text/nobodyKnowsThis")
        },
        // §3.4 backward compatibility.
        "inv2543": .parses(then: "process") { message throws in
            let request = try #require(message.request)
            #expect(try request.headers.maxForwards == nil)
            #expect(try request.headers.via.first?.branch == nil)
            #expect(try request.headers.from.tag == nil)
            #expect(try request.headers.contentLength == nil)
            #expect(request.body.readableBytes > 0)
            #expect(try request.headers.recordRoute.first?.uri.sipURI?.parameters["maddr"] == "ss1.example.com")
        },
    ]

    @Test func everyMessageHasAnExpectedHandling() throws {
        let names = try TortureMessages.names()
        #expect(names.count == 49)
        #expect(Set(names) == Set(Self.expected.keys))
    }

    @Test(arguments: try TortureMessages.names())
    func handledAsTheRFCExpects(name: String) throws {
        let expected = try #require(Self.expected[name], "no expected handling for \(name)")
        let bytes = try TortureMessages.bytes(name)
        switch expected {
        case .parses(_, let check):
            let message = try SIPMessageParser().parse(datagram: bytes)
            try check(message)
        case .refused(let rule, let header, let answer):
            let error = try #require(throws: SIPParseError.self) { try SIPMessageParser().parse(datagram: bytes) }
            #expect(error.rule == rule, "\(error)")
            #expect(error.header == header, "\(error)")
            switch answer {
            case .badRequest:
                #expect(error.canAnswerWithBadRequest)
                let response = try #require(error.badRequestResponse())
                #expect(response.status == 400 && response.reason.hasPrefix("Bad Request ("))
                #expect(response.headers.contains(.via))
            case .discard:
                #expect(error.answer == .discard)
            }
        }
    }

    /// serialize(parse(x)) reads back as the same message, with a Content-Length added when the
    /// datagram had none.
    @Test(arguments: try TortureMessages.names().filter { if case .parses = TortureTests.expected[$0] { true } else { false } })
    func reserializedMessageParsesEqual(name: String) throws {
        let parser = SIPMessageParser()
        let message = try parser.parse(datagram: try TortureMessages.bytes(name))
        let reparsed = try parser.parse(datagram: message.serialized())
        var expected = message
        expected.setContentLengthToBody()
        #expect(reparsed == expected)
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension SIPMessage {
    var request: SIPRequest? {
        if case .request(let request) = self { return request }
        return nil
    }

    var response: SIPResponse? {
        if case .response(let response) = self { return response }
        return nil
    }

    mutating func setContentLengthToBody() {
        switch self {
        case .request(var request):
            request.headers.replaceOrAdd(.contentLength, String(request.body.readableBytes))
            self = .request(request)
        case .response(var response):
            response.headers.replaceOrAdd(.contentLength, String(response.body.readableBytes))
            self = .response(response)
        }
    }
}
