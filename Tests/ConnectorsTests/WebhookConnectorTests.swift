import Crypto
import Domain
import EventLog
import EventMessages
import Foundation
import Testing
@testable import Connectors

@Suite struct WebhookConnectorTests {
    let secret = "s3cret"
    let batch = [
        delivery(
            position: 41, number: 7, type: "sip_account_not_available", code: 12, severity: .critical,
            polarity: .negative, parameters: ["provider": "Carrier \"A\"", "account": "0301234/ünï"], node: 2,
            at: epoch + 123_456),
        delivery(
            position: 42, number: 8, type: "test_event_message", code: 1, severity: .normal, simulated: true,
            target: "external"),
    ]
    /// 2026-01-01T00:00:00.5Z: the signed timestamp is whole seconds, rounded down.
    let clock = VirtualWallClock(startingAt: epoch + 500_000)

    func settings(primary: String, alternative: String? = nil, caFile: String?) -> WebhookSettings {
        WebhookSettings(primaryURL: primary, alternativeURL: alternative, secret: SealedSecret(text: "v1:sealed"), caFile: caFile)
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func signedBatchReachesTheReceiver(host: String) async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.webhook(certificate: certificate, secret: secret)
        let url = "https://\(host):\(peer.port)/events"
        let connector = WebhookConnector(settings: settings(primary: url, caFile: certificate.certificate), secret: secret, clock: clock)
        try await connector.deliver(batch)

        let records = await peer.records(count: 2)
        try #require(records.count == 2)
        let first = records[0]
        #expect(first["signature_ok"] as? Bool == true)
        #expect(first["idempotency_key"] as? String == "41-42")
        #expect(first["timestamp"] as? String == "1767225600")
        let headers = first["headers"] as? [String: String] ?? [:]
        #expect(headers["content-type"] == "application/json")
        let rawBody = try #require(first["raw_body"] as? String)
        #expect(rawBody == String(decoding: WebhookPayload.body(for: batch), as: UTF8.self))
        let key = SymmetricKey(data: Array(secret.utf8))
        let expected = HMAC<SHA256>.authenticationCode(for: Array("1767225600.\(rawBody)".utf8), using: key)
        #expect(headers["callplane-signature"] == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())

        let messages = records.compactMap { $0["message"] as? [String: Any] }
        #expect(messages.map { $0["position"] as? Int } == [41, 42])
        #expect(messages[0]["type"] as? String == "sip_account_not_available")
        #expect(messages[0]["code"] as? Int == 12)
        #expect(messages[0]["number"] as? Int == 7)
        #expect(messages[0]["severity"] as? String == "critical")
        #expect(messages[0]["polarity"] as? String == "negative")
        #expect(messages[0]["node"] as? Int == 2)
        #expect(messages[0]["at"] as? String == "2026-01-01T00:00:00.123456Z")
        #expect(messages[0]["simulated"] as? Bool == false)
        #expect(messages[0]["parameters"] as? [String: String] == ["provider": "Carrier \"A\"", "account": "0301234/ünï"])
        #expect(messages[0]["target"] == nil)
        #expect(messages[1]["simulated"] as? Bool == true)
        #expect(messages[1]["target"] as? String == "external")
    }

    @Test func receiverDownIsNotAvailable() async throws {
        let url = "https://127.0.0.1:\(try await freePort())/events"
        let connector = WebhookConnector(settings: settings(primary: url, caFile: nil), secret: secret, clock: clock)
        let failure = await deliveryFailure { try await connector.deliver(batch) }
        #expect(failure?.cause == .notAvailable)
        #expect(failure?.reason.hasPrefix("primary \(url): ") == true)
    }

    @Test func alternativeTakesTheBatchWhenThePrimaryIsDown() async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.webhook(certificate: certificate, secret: secret)
        let primary = "https://127.0.0.1:\(try await freePort())/events"
        let connector = WebhookConnector(
            settings: settings(primary: primary, alternative: peer.url, caFile: certificate.certificate), secret: secret, clock: clock)
        try await connector.deliver(batch)

        let records = await peer.records(count: 2)
        #expect(records.compactMap { ($0["message"] as? [String: Any])?["position"] as? Int } == [41, 42])
        #expect(records.allSatisfy { $0["signature_ok"] as? Bool == true })
    }

    @Test func bothDownNamesBothURLs() async throws {
        let primary = "https://127.0.0.1:\(try await freePort())/a"
        let alternative = "https://127.0.0.1:\(try await freePort())/b"
        let connector = WebhookConnector(settings: settings(primary: primary, alternative: alternative, caFile: nil), secret: secret, clock: clock)
        let failure = await deliveryFailure { try await connector.deliver(batch) }
        #expect(failure?.cause == .notAvailable)
        #expect(failure?.reason.contains("primary \(primary): ") == true)
        #expect(failure?.reason.contains("; alternative \(alternative): ") == true)
    }

    @Test(arguments: [
        (503, DeliveryFailure.Cause.busy), (429, .busy), (401, .barred), (403, .barred), (500, .notDefined), (302, .notDefined),
    ])
    func refusalStatusGivesTheCause(status: Int, cause: DeliveryFailure.Cause) async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.webhook(certificate: certificate, secret: secret, status: status)
        let connector = WebhookConnector(settings: settings(primary: peer.url, caFile: certificate.certificate), secret: secret, clock: clock)
        let failure = await deliveryFailure { try await connector.deliver(batch) }
        #expect(failure?.cause == cause)
        #expect(failure?.reason.contains("HTTP \(status)") == true)
        #expect(await peer.records(count: 2).count == 2)
    }

    @Test func untrustedReceiverIsNotAvailable() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try await TestCertificate(in: directory, name: "receiver")
        let other = try await TestCertificate(in: directory, name: "other")
        let peer = try await PythonPeer.webhook(certificate: receiver, secret: secret)
        for caFile in [other.certificate, nil] {
            let connector = WebhookConnector(settings: settings(primary: peer.url, caFile: caFile), secret: secret, clock: clock)
            let failure = await deliveryFailure { try await connector.deliver(batch) }
            #expect(failure?.cause == .notAvailable, "CA file \(caFile ?? "system")")
            #expect(failure?.reason.contains("certificate") == true, "\(failure?.reason ?? "")")
        }
        #expect(peer.records.isEmpty)
    }

    @Test func receiverCertificateForAnotherHostIsNotAvailable() async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory, san: "DNS:receiver.example,IP:192.0.2.1")
        let peer = try await PythonPeer.webhook(certificate: certificate, secret: secret)
        for host in ["127.0.0.1", "localhost"] {
            let url = "https://\(host):\(peer.port)/events"
            let connector = WebhookConnector(settings: settings(primary: url, caFile: certificate.certificate), secret: secret, clock: clock)
            let failure = await deliveryFailure { try await connector.deliver(batch) }
            #expect(failure?.cause == .notAvailable, "host \(host)")
            #expect(failure?.reason.contains("certificate") == true, "\(failure?.reason ?? "")")
        }
        #expect(peer.records.isEmpty)
    }

    @Test func plainHTTPIsRefusedAsNotDefined() async throws {
        let connector = WebhookConnector(settings: settings(primary: "http://127.0.0.1:1/events", caFile: nil), secret: secret, clock: clock)
        let failure = await deliveryFailure { try await connector.deliver(batch) }
        #expect(failure?.cause == .notDefined)
    }

    /// An empty batch makes no request: the receiver (which records a request without messages
    /// too) sees only the real batch that follows, proving it was listening all along.
    @Test func emptyBatchSendsNothing() async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.webhook(certificate: certificate, secret: secret)
        let connector = WebhookConnector(settings: settings(primary: peer.url, caFile: certificate.certificate), secret: secret, clock: clock)
        try await connector.deliver([])
        try await connector.deliver(batch)
        let records = await peer.records(count: 2)
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0["idempotency_key"] as? String == "41-42" && $0["message"] is [String: Any] }, "\(records)")
    }
}

@Suite struct WebhookPayloadTests {
    @Test func bodyIsCompactJSONWithSortedKeys() {
        let body = WebhookPayload.body(for: [
            delivery(
                position: 123, number: 45, type: "no_such_type", code: 7, severity: .serious, polarity: .positive,
                parameters: ["url": "https://a/b", "n": "1"], node: 1, at: epoch + 1)
        ])
        #expect(
            String(decoding: body, as: UTF8.self) == #"{"destination":"external","messages":[{"at":"2026-01-01T00:00:00.000001Z","#
                + #""code":7,"name":"no_such_type","node":1,"number":45,"parameters":{"n":"1","url":"https://a/b"},"#
                + #""polarity":"positive","position":123,"severity":"serious","simulated":false,"type":"no_such_type"}]}"#)
    }

    @Test func signatureIsHexHMACOfTimestampDotBody() {
        // Computed independently: python3 hmac.new(b"s3cret", b'1767225600.{"a":1}', sha256).
        #expect(
            WebhookSignature.header(secret: "s3cret", timestamp: 1_767_225_600, body: Array(#"{"a":1}"#.utf8))
                == "sha256=7d4120fcebf444efab10ba7cd6c651bf463cefb039db5fad37ff9f7231ac8a4a")
    }
}
