import Foundation
import Domain
import Testing

@testable import ATAS

@Suite("Reading the alarm server's lines (docs/atas.md)")
struct ATASRequestTests {
    func parse(_ line: String) throws(ATASProtocolError) -> ATASRequest { try ATASRequest.parse(Array(line.utf8)) }

    func error(_ line: String) -> ATASProtocolError? {
        do {
            _ = try parse(line)
            return nil
        } catch {
            return error
        }
    }

    @Test("each type of request is read with its members; unknown members are ignored")
    func requests() throws {
        #expect(
            try parse(#"{"type":"logon","account":"desk","password":"p w","resumeAfter":4711,"later":true}"#)
                == .logon(account: "desk", password: "p w", resumeAfter: 4711))
        #expect(try parse(#"{"type":"logon","account":"desk","password":"x"}"#) == .logon(account: "desk", password: "x", resumeAfter: nil))
        #expect(try parse(#"{"type":"cycle"}"#) == .cycle)
        #expect(try parse(#"{"type":"logoff"}"#) == .logoff)
        #expect(try parse(#"{"type":"ack","id":12}"#) == .ack(id: 12))
        guard case .showText(let text) = try parse(#"{"type":"show_text","request":"r-1","messageGroup":16,"text":"Fire","softkeys":["OK"]}"#)
        else {
            Issue.record("not a show_text")
            return
        }
        #expect(text.recipients == .messageGroup(16))
        #expect(text.shownText == "Fire\n[OK]")
    }

    @Test("a line that is not a JSON object with a type is malformed and closes the connection; an unknown type does not")
    func malformed() {
        for line in ["", "[1]", "\"logon\"", "{\"type\":1}", "{\"account\":\"a\"}", "{\"type\":\"cycle\"", "\u{FF}"] {
            let refusal = error(line)
            #expect(refusal?.code == .malformedLine, "\(line)")
            #expect(refusal?.closesConnection == true)
        }
        let unknown = error(#"{"type":"reboot"}"#)
        #expect(unknown?.code == .unknownType)
        #expect(unknown?.closesConnection == false)
    }

    @Test("members of the wrong JSON type or missing are named; an id must be a JSON integer")
    func wrongTypes() {
        #expect(error(#"{"type":"ack","id":"12"}"#) == .invalid("id", "wrong JSON type"))
        #expect(error(#"{"type":"ack","id":1.5}"#)?.field == "id")
        #expect(error(#"{"type":"ack"}"#) == .invalid("id", "required"))
        #expect(error(#"{"type":"logon","account":"a"}"#) == .invalid("password", "required"))
    }

    @Test("show_text's rules: 1–160 characters, users or a message group, up to 100 users and 3 softkeys; the request is echoed in the error")
    func showTextRules() {
        let long = String(repeating: "x", count: 161)
        let cases: [(String, String)] = [
            (#"{"type":"show_text","request":"r-19","users":["101"],"text":"\#(long)"}"#, "text"),
            (#"{"type":"show_text","request":"r-19","users":["101"],"text":""}"#, "text"),
            (#"{"type":"show_text","request":"r-19","users":["101"],"messageGroup":1,"text":"a"}"#, "users"),
            (#"{"type":"show_text","request":"r-19","text":"a"}"#, "users"),
            (#"{"type":"show_text","request":"r-19","messageGroup":51,"text":"a"}"#, "messageGroup"),
            (#"{"type":"show_text","request":"r-19","users":[],"text":"a"}"#, "users"),
            (#"{"type":"show_text","request":"r-19","users":["101"],"text":"a","softkeys":["1","2","3","4"]}"#, "softkeys"),
            (#"{"type":"show_text","request":"r-19","users":["101"],"text":"a","softkeys":["thirteen char"]}"#, "softkeys"),
            (#"{"type":"show_text","request":"r-19","users":["101"],"text":"bell\u0007"}"#, "text"),
        ]
        for (line, field) in cases {
            let refusal = error(line)
            #expect(refusal?.code == .invalidField, "\(line)")
            #expect(refusal?.field == field, "\(line)")
            #expect(refusal?.request == "r-19", "\(line)")
        }
        let users = (1...101).map { "\"\($0)\"" }.joined(separator: ",")
        #expect(error(#"{"type":"show_text","request":"r","users":[\#(users)],"text":"a"}"#)?.field == "users")
        #expect(error(#"{"type":"show_text","request":"has space","users":["1"],"text":"a"}"#)?.field == "request")
        #expect(error(#"{"type":"show_text","request":"r","users":["1"],"text":"\#(String(repeating: "é", count: 160))"}"#) == nil)
    }

    @Test("the listen setting: off, tls: or tcp: with a host and a port")
    func listenAddress() throws {
        #expect(try ATASListenAddress.parse("off") == nil)
        #expect(try ATASListenAddress.parse("tls:0.0.0.0:7443") == ATASListenAddress(tls: true, host: "0.0.0.0", port: 7443))
        #expect(try ATASListenAddress.parse("tcp:[::1]:7000") == ATASListenAddress(tls: false, host: "::1", port: 7000))
        for bad in ["udp:127.0.0.1:7000", "tls:127.0.0.1", "tls::7000", "tls:host:70000", "7443"] {
            #expect(throws: DomainError.self, "\(bad)") { try ATASListenAddress.parse(bad) }
        }
    }
}

@Suite("Writing the server's lines")
struct ATASLineTests {
    @Test("a line is one JSON object with sorted keys and escaped strings, ended by LF, that JSON readers take back intact")
    func encoding() throws {
        var line = ATASLine(type: "error")
        line["message"] = "quote \" backslash \\ newline \n tab \t bell \u{07} é ✓"
        line.set("id", .integer(-42))
        line.set("ok", .bool(true))
        line.set("parameters", .strings(["b": "2", "a": "1"]))
        line.set("results", .objects([["user": .string("101")], [:]]))
        let bytes = line.encoded()
        #expect(bytes.last == 0x0A && bytes.dropLast().allSatisfy { $0 != 0x0A })
        let text = String(decoding: bytes.dropLast(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"id":-42,"message":"quote \" backslash \\ newline \n tab \t bell \u0007 é ✓","ok":true,"parameters":{"a":"1","b":"2"}"#))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(bytes.dropLast())) as? [String: Any])
        #expect(back["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} é ✓")
        #expect((back["results"] as? [[String: Any]])?.first?["user"] as? String == "101")
    }
}
