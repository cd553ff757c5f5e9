import AdminModels
@testable import AdminAPI
import EventLog
import Foundation
import Testing

/// The hand-written JSON of the hot routes must be JSON, keep every value, and never let a
/// sealed secret through.
@Suite struct EventJSONTests {
    static let sealed = "v1:" + Data((0..<40).map { UInt8($0) }).base64EncodedString()

    static func parse(_ bytes: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    @Test("the writer escapes what RFC 8259 requires and nests with the right commas")
    func writerProducesJSON() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.string("quote \" backslash \\ newline \n tab \t bell \u{07} é /")
        writer.key("b")
        writer.beginArray()
        writer.integer(Int64.min)
        writer.integer(0)
        writer.integer(Int64.max)
        writer.bool(true)
        writer.null()
        writer.beginObject()
        writer.endObject()
        writer.endArray()
        writer.key("c")
        writer.string(nil as String?)
        writer.endObject()
        let object = try #require(try Self.parse(writer.bytes) as? [String: Any])
        #expect(object["a"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} é /")
        let array = try #require(object["b"] as? [Any])
        #expect(array.count == 6)
        #expect((array[0] as? NSNumber)?.int64Value == Int64.min)
        #expect((array[2] as? NSNumber)?.int64Value == Int64.max)
        #expect(object["c"] is NSNull)
    }

    @Test("a users list decodes into the same typed model the CLI reads")
    func usersRoundTrip() throws {
        let list = UserList(users: [
            UserView(number: "101", name: "Ada \"the first\"", email: nil, language: "en", version: 3),
            UserView(number: "102", name: "Grace", email: "grace@example.com", language: "de", version: 1),
        ])
        #expect(try JSONDecoder().decode(UserList.self, from: Data(list.jsonBytes())) == list)
        #expect(String(decoding: list.jsonBytes(), as: UTF8.self).contains(#""email":null"#), "an absent e-mail is null, as before")
    }

    @Test("every value in the sealed form is masked, whatever its field is called; everything else is copied")
    func payloadMasking() throws {
        let payload =
            #"{"communities":["\#(Self.sealed)","\#(Self.sealed)"],"name":"Ada","nested":{"password":"not at top level","x":"\#(Self.sealed)"},"newSecret":"\#(Self.sealed)","password":"\#(Self.sealed)","port":161,"short":"v1:abc"}"#
        let masked = try #require(try Self.parse(EventJSON.maskedPayload(payload)) as? [String: Any])
        #expect(masked["communities"] as? [String] == ["[sealed]", "[sealed]"])
        #expect(masked["password"] as? String == "[sealed]")
        #expect(masked["newSecret"] as? String == "[sealed]", "a secret in a field nobody listed")
        let nested = try #require(masked["nested"] as? [String: Any])
        #expect(nested["password"] as? String == "not at top level")
        #expect(nested["x"] as? String == "[sealed]")
        #expect(masked["name"] as? String == "Ada")
        #expect((masked["port"] as? NSNumber)?.intValue == 161)
        #expect(masked["short"] as? String == "v1:abc")
        #expect(!String(decoding: EventJSON.maskedPayload(payload), as: UTF8.self).contains(Self.sealed))
    }

    @Test(
        "a damaged payload is embedded as a string, never read past its end",
        arguments: [
            #"{"a":"unterminated"#, #"["#, #"{"a":"x\"#, #"{"a":1"#, #"{"a":1}}"#, #"{"password":"#,
        ])
    func damagedPayloads(_ payload: String) throws {
        let embedded = try Self.parse(EventJSON.maskedPayload(payload))
        #expect(embedded as? String == payload)
    }

    @Test("an event page is JSON with the envelope's fields and the payload as an object")
    func eventPage() throws {
        let event = EventEnvelope(
            position: 7, id: UUID(), stream: "terminal/1", version: 2, type: "terminal.updated", schema: 1, at: 1_767_225_600_000_000,
            actor: "admin", source: "127.0.0.1/http", correlation: nil, causation: nil,
            payload: #"{"id":1,"password":"\#(Self.sealed)","registrationName":"t\"1"}"#, hash: Array(repeating: 0xAB, count: 32))
        let page = try #require(try Self.parse(EventJSON.page([event, event], head: 9, next: 7)) as? [String: Any])
        #expect((page["head"] as? NSNumber)?.intValue == 9)
        #expect((page["next"] as? NSNumber)?.intValue == 7)
        let first = try #require((page["events"] as? [[String: Any]])?.first)
        #expect(first["hash"] as? String == String(repeating: "ab", count: 32))
        #expect(first["time"] as? String == "2026-01-01T00:00:00.000000Z")
        #expect(first["correlation"] is NSNull)
        let payload = try #require(first["payload"] as? [String: Any])
        #expect(payload["password"] as? String == "[sealed]")
        #expect(payload["registrationName"] as? String == "t\"1")
        let last = try #require(try Self.parse(EventJSON.page([], head: 0, next: nil)) as? [String: Any])
        #expect(last["next"] is NSNull)
    }
}
