import Domain
import EventLog
import Testing

@Suite("Payload reader")
struct PayloadReaderTests {
    let anna = User(number: "101", name: "Anna Muster", email: "anna@example.com", language: "de")

    @Test("accepts keys in any order, white space, and unknown members of any kind")
    func reorderedAndSpaced() throws {
        let payload = """
             {
               "number" : "101",\t"name":"Anna Muster" ,
               "future": {"a": [1, -2.5e+3, true, false, null, {"b": "c\\u0041"}], "n": 0},
               "language":"de",
               "email" : "anna@example.com"
             }\r\n
            """
        #expect(try DomainEvent.decode(type: "user.created", schema: 1, payload: payload) == .userCreated(anna))
    }

    @Test("a key that extends a known key is not mistaken for it")
    func lookalikeKeys() throws {
        let payload = #"{"emailAddress":"x","email":"anna@example.com","language":"de","languages":["fr"],"name":"Anna Muster","number":"101","numberX":1}"#
        #expect(try DomainEvent.decode(type: "user.created", schema: 1, payload: payload) == .userCreated(anna))
    }

    @Test("decodes every escape, including surrogate pairs and escaped keys")
    func escapes() throws {
        let payload = #"{"n\u0061me":"\"q\" \\ \/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00","number":"1","language":"en","email":null}"#
        let event = try DomainEvent.decode(type: "user.updated", schema: 1, payload: payload)
        #expect(event == .userUpdated(User(number: "1", name: "\"q\" \\ / \u{08}\u{0C}\n\r\t é € 😀", email: nil, language: "en")))
    }

    @Test("accepts raw UTF-8 in strings")
    func rawUTF8() throws {
        let payload = #"{"language":"de","name":"Jürg Müller – 日本","number":"5"}"#
        #expect(
            try DomainEvent.decode(type: "user.created", schema: 1, payload: payload)
                == .userCreated(User(number: "5", name: "Jürg Müller – 日本", language: "de")))
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var payload: String
        /// A fragment the error's reason must contain, so each case fails for the reason it is about.
        var reason: String
        var testDescription: String { payload.debugDescription }
    }

    static let malformed: [Malformed] = [
        Malformed(payload: "", reason: "expected '{'"),
        Malformed(payload: "[]", reason: "expected '{'"),
        Malformed(payload: #"{"number":"101""#, reason: "expected ',' or '}'"),
        Malformed(payload: #"{"number":"101",}"#, reason: "expected a string key"),
        Malformed(payload: #"{"number" "101"}"#, reason: "expected ':'"),
        Malformed(payload: #"{number:"101"}"#, reason: "expected a string key"),
        Malformed(payload: #"{"number":'101'}"#, reason: "expected a string"),
        Malformed(payload: #"{"number":"10"#, reason: "unterminated string"),
        Malformed(payload: "{\"number\":\"1\u{01}\"}", reason: "unescaped control character"),
        Malformed(payload: #"{"number":"1\x"}"#, reason: "invalid escape"),
        Malformed(payload: #"{"number":"\u12G4"}"#, reason: "invalid hex digit"),
        Malformed(payload: #"{"number":"\ud83d"}"#, reason: "high surrogate without a low surrogate"),
        Malformed(payload: #"{"number":"\ude00"}"#, reason: "low surrogate without a high surrogate"),
        Malformed(payload: #"{"number":"101"} x"#, reason: "unexpected data after the object"),
        Malformed(payload: #"{"number":"101","x":01}"#, reason: "expected ',' or '}'"),
        Malformed(payload: #"{"number":"101","x":1.}"#, reason: "expected a digit after '.'"),
        Malformed(payload: #"{"number":"101","x":tru}"#, reason: "expected 'true'"),
        Malformed(payload: #"{"number":"101","x":[1,]}"#, reason: "expected a value"),
        Malformed(payload: #"{"number":"101","x":"\q"}"#, reason: "invalid escape"),
        Malformed(payload: #"{"number":"101","number":"102"}"#, reason: #"duplicate key "number""#),
        Malformed(payload: #"{"number":101}"#, reason: "expected a string"),
        Malformed(payload: #"{"numbr":"101"}"#, reason: #"missing field "number""#),
    ]

    @Test("refuses malformed payloads with a clear error", arguments: malformed)
    func rejects(_ test: Malformed) {
        do {
            _ = try DomainEvent.decode(type: "user.deleted", schema: 1, payload: test.payload)
            Issue.record("accepted \(test.payload.debugDescription)")
        } catch let error as EventDecodingError {
            #expect(error.type == "user.deleted")
            #expect(error.reason.contains(test.reason), "\(error.reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("refuses invalid UTF-8 on the byte path")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"number":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let type = Array("user.deleted".utf8)
        #expect(throws: EventDecodingError.self) {
            _ = try type.withUnsafeBufferPointer { t in
                try bytes.withUnsafeBufferPointer { p in
                    try DomainEvent.decode(RawEventRow(position: 1, schema: 1, type: t, stream: UnsafeBufferPointer<UInt8>(start: nil, count: 0), payload: p))
                }
            }
        }
    }

    @Test("errors name the event type and the problem")
    func errorText() throws {
        do {
            _ = try DomainEvent.decode(type: "user.created", schema: 1, payload: #"{"language":"de","name":"A"}"#)
            Issue.record("accepted a payload without a number")
        } catch let error as EventDecodingError {
            #expect(error.type == "user.created")
            #expect(error.reason.contains(#"missing field "number""#))
        }
        do {
            _ = try DomainEvent.decode(type: "terminal.deleted", schema: 1, payload: #"{"id":1.5}"#)
            Issue.record("accepted a fraction as terminal id")
        } catch let error as EventDecodingError {
            #expect(error.reason.contains("integer"))
        }
        do {
            _ = try DomainEvent.decode(
                type: "terminal.created", schema: 1,
                payload: #"{"id":1,"kind":"fax","password":"v1:x","registrationName":"a"}"#)
            Issue.record("accepted an unknown terminal kind")
        } catch let error as EventDecodingError {
            #expect(error.reason.contains(#"field "kind": "fax" is not one of"#))
        }
    }

    @Test("non-domain types are skipped; unknown schemas of domain types are refused")
    func typesAndSchemas() throws {
        #expect(try DomainEvent.decode(type: "call.started", schema: 1, payload: "not even json") == nil)
        #expect(try DomainEvent.decode(type: "user.created.x", schema: 1, payload: "{}") == nil)
        #expect(try DomainEvent.decode(type: "", schema: 1, payload: "{}") == nil)
        for nearMiss in ["user.crea7ed", "User.created", "terminal.updatex", "system.identity.sex", "user.cr", "call.created"] {
            #expect(try DomainEvent.decode(type: nearMiss, schema: 1, payload: "{}") == nil, "\(nearMiss)")
        }
        do {
            _ = try DomainEvent.decode(type: "user.deleted", schema: 2, payload: #"{"number":"1"}"#)
            Issue.record("accepted schema 2")
        } catch let error as EventDecodingError {
            #expect(error.schema == 2)
            #expect(error.reason.contains("unknown schema 2"))
        }
    }
}
