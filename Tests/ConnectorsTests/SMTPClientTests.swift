import Domain
import Foundation
import Testing
@testable import Connectors

extension PythonPeer {
    static let smtpScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_peer.py").path

    /// An aiosmtpd server (`smtp_peer.py`); `user` and `password` make AUTH required.
    static func smtp(
        security: SMTPSecurity = .none, certificate: TestCertificate? = nil, user: String? = nil, password: String? = nil,
        excludedMechanisms: [String] = [], replies: [String: String] = [:], silent: Bool = false
    ) async throws -> PythonPeer {
        var arguments = ["--security", security.rawValue]
        if let certificate { arguments += ["--cert", certificate.certificate, "--key", certificate.key] }
        if let user, let password { arguments += ["--user", user, "--password", password] }
        arguments += excludedMechanisms.flatMap { ["--exclude-auth", $0] }
        arguments += replies.sorted { $0.key < $1.key }.flatMap { ["--reply", "\($0.key)=\($0.value)"] }
        if silent { arguments.append("--silent") }
        return try await PythonPeer(arguments, script: smtpScript, interpreter: "/usr/bin/python3")
    }
}

/// The failure `body` throws, recorded as an issue when it succeeds.
func sendError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(SMTPSendError) -> Void) async -> SMTPSendError? {
    do {
        try await body()
        Issue.record("expected an SMTPSendError, but the e-mail was sent", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite struct SMTPClientTests {
    let client = SMTPClient(heloName: "pbx.example.com")
    let user = "alerts@example.com"
    let password = "pa55 wörd"

    var mail: SMTPMail {
        SMTPMail(
            from: "pbx@example.com", recipients: ["ops@example.net"], subject: "[PBX Süd] Critical: 1 event message",
            body: "First line\n.\n.hidden starts with a dot\n" + String(repeating: "long ", count: 80) + "\nünï = ok  \nlast",
            messageID: "<callplane.email.41-42@example.com>", date: epoch)
    }

    func server(_ port: Int, _ security: SMTPSecurity = .none, _ authentication: SMTPAuthentication = .none, caFile: String? = nil) -> SMTPServerSettings {
        SMTPServerSettings(
            host: "127.0.0.1", port: port, security: security, authentication: authentication,
            user: authentication == .none ? nil : user, sender: "pbx@example.com", caFile: caFile)
    }

    @Test func plainSessionDeliversEnvelopeHeadersAndBody() async throws {
        let peer = try await PythonPeer.smtp()
        try await client.send(mail, to: server(peer.port), password: nil, timeoutSeconds: 5)

        let record = try #require(await peer.records(count: 1).first)
        #expect(record["mail_from"] as? String == "pbx@example.com")
        #expect(record["rcpt_tos"] as? [String] == ["ops@example.net"])
        #expect(record["tls"] as? Bool == false)
        #expect(record["defects"] as? [String] == [])
        let headers = try #require(record["headers"] as? [String: String])
        #expect(headers["from"] == "pbx@example.com")
        #expect(headers["to"] == "ops@example.net")
        #expect(headers["subject"] == "[PBX Süd] Critical: 1 event message")
        #expect(headers["date"] == "Thu, 01 Jan 2026 00:00:00 +0000")
        #expect(headers["message-id"] == "<callplane.email.41-42@example.com>")
        #expect(headers["mime-version"] == "1.0")
        #expect(headers["content-type"] == "text/plain; charset=\"utf-8\"", "as Python's parser normalises it")
        #expect(headers["content-transfer-encoding"] == "quoted-printable")
        // Python decodes the quoted-printable to the text as written, "." lines included: libcurl
        // doubled their dots and the server removed them again.
        #expect(record["body"] as? String == mail.body.replacing("\n", with: "\r\n") + "\r\n")
        let raw = try #require(record["data"] as? String)
        #expect(raw == String(decoding: mail.rendered, as: UTF8.self))
        #expect(raw.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 78 })
    }

    /// libcurl asks for an upload in pieces of its buffer size (64 KiB); 160 KiB takes several.
    @Test func largeMessageArrivesWhole() async throws {
        let peer = try await PythonPeer.smtp()
        var mail = mail
        mail.body = (1...5_000).map { ".line \($0) of a long report" }.joined(separator: "\n")
        try await client.send(mail, to: server(peer.port), password: nil, timeoutSeconds: 5)
        let record = try #require(await peer.records(count: 1).first)
        #expect(record["data"] as? String == String(decoding: mail.rendered, as: UTF8.self))
    }

    @Test(arguments: [SMTPAuthentication.plain, .login, .cramMD5])
    func starttlsWithAuthentication(_ authentication: SMTPAuthentication) async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.smtp(security: .starttls, certificate: certificate, user: user, password: password)
        try await client.send(
            mail, to: server(peer.port, .starttls, authentication, caFile: certificate.certificate), password: password, timeoutSeconds: 5)

        let record = try #require(await peer.records(count: 1).first)
        #expect(record["login"] as? String == user)
        #expect(record["tls"] as? Bool == true)
        #expect(record["rcpt_tos"] as? [String] == ["ops@example.net"])
    }

    @Test func implicitTLS() async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.smtp(security: .tls, certificate: certificate, user: user, password: password)
        try await client.send(mail, to: server(peer.port, .tls, .plain, caFile: certificate.certificate), password: password, timeoutSeconds: 5)

        let record = try #require(await peer.records(count: 1).first)
        #expect(record["login"] as? String == user)
        #expect(record["tls"] as? Bool == true)
    }

    @Test(arguments: [(SMTPAuthentication.plain, 12), (.login, 11), (.cramMD5, 14)])
    func wrongPasswordIsAuthenticationFailed(_ authentication: SMTPAuthentication, action: Int) async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.smtp(security: .starttls, certificate: certificate, user: user, password: password)
        let settings = server(peer.port, .starttls, authentication, caFile: certificate.certificate)
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: settings, password: "wrong", timeoutSeconds: 5)
        }
        #expect(error?.reason == 4)
        #expect(error?.action == action)
        #expect(error?.isPermanent == true)
        #expect(error?.responseCode == 535)
        #expect(error?.serverReply?.hasPrefix("535 ") == true)
        #expect(error?.description.contains("wrong") == false, "the description never shows the password")
        #expect(peer.records.isEmpty)
    }

    @Test func mechanismTheServerDoesNotOfferFailsBeforeAuthenticating() async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.smtp(
            security: .starttls, certificate: certificate, user: user, password: password, excludedMechanisms: ["CRAM-MD5"])
        let settings = server(peer.port, .starttls, .cramMD5, caFile: certificate.certificate)
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: settings, password: password, timeoutSeconds: 5)
        }
        #expect(error?.causeAction == "0413")
        #expect(error?.isPermanent == true)
        #expect(error?.description.contains("does not offer CRAM-MD5; it offers AUTH LOGIN PLAIN") == true, "\(error?.description ?? "")")
    }

    @Test(arguments: [SMTPSecurity.starttls, .tls])
    func untrustedCertificateCannotSetUpAConnection(_ security: SMTPSecurity) async throws {
        let directory = try TemporaryDirectory()
        let certificate = try await TestCertificate(in: directory)
        let peer = try await PythonPeer.smtp(security: security, certificate: certificate, user: user, password: password)
        let settings = server(peer.port, security, .plain, caFile: nil)
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: settings, password: password, timeoutSeconds: 5)
        }
        #expect(error?.reason == 3)
        #expect(error?.action == (security == .tls ? 1 : 2))
        #expect(error?.isPermanent == true)
        #expect(error?.curlMessage.contains("certificate") == true, "\(error?.curlMessage ?? "")")
        #expect(peer.records.isEmpty)
    }

    @Test func starttlsIsNeverSkipped() async throws {
        let peer = try await PythonPeer.smtp()
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: server(peer.port, .starttls), password: nil, timeoutSeconds: 5)
        }
        #expect(error?.causeAction == "0302")
        #expect(error?.isPermanent == true)
        #expect(peer.records.isEmpty)
    }

    @Test func nothingListeningCannotSetUpAConnection() async throws {
        let port = try await freePort()
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: server(port), password: nil, timeoutSeconds: 5)
        }
        #expect(error?.causeAction == "0301")
        #expect(error?.isPermanent == false)
        #expect(error?.responseCode == nil)
    }

    @Test func unresolvableHostIsAnInvalidHost() async throws {
        var settings = server(25)
        settings.host = "no-such-host.invalid"
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: settings, password: nil, timeoutSeconds: 5)
        }
        #expect(error?.causeAction == "0901")
        #expect(error?.isPermanent == false)
    }

    @Test func silentServerIsNoAnswer() async throws {
        let peer = try await PythonPeer.smtp(silent: true)
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: server(peer.port), password: nil, timeoutSeconds: 1)
        }
        #expect(error?.causeAction == "0701")
        #expect(error?.isPermanent == false)
    }

    @Test(arguments: [
        ("rcpt", "550 5.1.1 No such user", "1405", true),
        ("rcpt", "553 5.1.3 Bad recipient address syntax", "1405", true),
        ("rcpt", "451 4.3.0 Try again later", "0605", false),
        ("mail", "553 5.1.8 Sender address rejected", "1504", true),
        ("mail", "451 4.3.0 Try again later", "0604", false),
        ("data", "451 4.3.0 Try again later", "0608", false),
        ("data", "554 5.6.0 Message rejected", "0508", true),
        ("data", "552 5.3.4 Message too big", "1008", true),
    ])
    func refusalGivesReasonAndStep(step: String, reply: String, causeAction: String, permanent: Bool) async throws {
        let peer = try await PythonPeer.smtp(replies: [step: reply])
        let error = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: server(peer.port), password: nil, timeoutSeconds: 5)
        }
        #expect(error?.causeAction == causeAction)
        #expect(error?.isPermanent == permanent)
        #expect(error?.responseCode == Int(reply.prefix(3)))
        #expect(error?.serverReply == reply)
        #expect(error?.description.contains(reply) == true, "\(error?.description ?? "")")
        #expect(peer.records.isEmpty)
    }

    @Test func everyRecipientMustBeAccepted() async throws {
        let peer = try await PythonPeer.smtp()
        var mail = mail
        mail.recipients = ["a@example.net", "b@example.net"]
        try await client.send(mail, to: server(peer.port), password: nil, timeoutSeconds: 5)
        let record = try #require(await peer.records(count: 1).first)
        #expect(record["rcpt_tos"] as? [String] == ["a@example.net", "b@example.net"])
        #expect((record["headers"] as? [String: String])?["to"] == "a@example.net, b@example.net")
    }

    @Test(arguments: [
        (["ops@example.net\r\nRCPT TO:<x@evil>"], "pbx@example.com", "1405"),
        (["ops example.net"], "pbx@example.com", "1405"),
        ([], "pbx@example.com", "1305"),
        (["ops@example.net"], "<pbx@example.com>", "1504"),
    ])
    func addressesAreCheckedBeforeConnecting(recipients: [String], from: String, causeAction: String) async throws {
        var mail = mail
        mail.recipients = recipients
        mail.from = from
        let error = await sendError { () async throws(SMTPSendError) in
            // Port 1: nothing may be attempted, so nothing may be refused by the network either.
            try await client.send(mail, to: server(1), password: nil, timeoutSeconds: 5)
        }
        #expect(error?.causeAction == causeAction)
        #expect(error?.isPermanent == true)
        #expect(error?.curlCode == 0)
    }

    @Test func configurationIsCheckedBeforeConnecting() async throws {
        var settings = server(1, .starttls, .login)
        let missingPassword = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: settings, password: nil, timeoutSeconds: 5)
        }
        #expect(missingPassword?.causeAction == "0209")
        settings.host = "mail.example.com/evil"
        let badHost = await sendError { () async throws(SMTPSendError) in
            try await client.send(mail, to: settings, password: password, timeoutSeconds: 5)
        }
        #expect(badHost?.causeAction == "0901")
    }
}

@Suite struct SMTPSendErrorTests {
    @Test(arguments: [
        (421, 1, "0601", false), (554, 1, "0501", true), (550, 2, "0502", true), (550, 3, "0503", true),
        (530, 4, "0404", true), (552, 4, "1004", true), (501, 4, "1504", true), (452, 5, "0605", false),
        (551, 5, "1405", true), (552, 5, "0505", true), (554, 6, "0506", true), (552, 8, "1008", true),
        (535, 11, "0411", true), (454, 12, "0612", false),
    ])
    func replyToAStep(reply: Int, step: Int, causeAction: String, permanent: Bool) {
        let (reason, action, isPermanent) = SMTPSendError.classify(reply: reply, text: "\(reply) x", step: step)
        #expect(EventParameter.twoDigits(reason) + EventParameter.twoDigits(action) == causeAction)
        #expect(isPermanent == permanent)
    }

    @Test func descriptionNamesReasonStepCurlAndServer() {
        let error = SMTPSendError(
            reason: 14, action: 5, isPermanent: true, curlCode: 55, curlMessage: "RCPT failed: 550", responseCode: 550,
            serverReply: "550 5.1.1 No such user")
        #expect(
            error.description
                == "1405 Invalid e-mail recipient address during Transmission of e-mail recipient address: RCPT failed: 550 (curl error 55); "
                + "last server reply 550: 550 5.1.1 No such user")
    }
}
