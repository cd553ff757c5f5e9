import Domain
import EventMessages
import Foundation
import Testing
@testable import Connectors

@Suite struct EventMessageMailTests {
    let batch = [
        delivery(
            position: 41, number: 7, type: "sip_account_not_available", code: 108, severity: .serious, polarity: .negative,
            parameters: ["provider": "Carrier \"A\"", "account": "0301234/ünï"], node: 2, at: epoch + 123_456),
        delivery(
            position: 42, number: 8, type: "send_email_failed", code: 105, severity: .critical, polarity: .negative,
            parameters: ["causeAction": "0403", "emailClient": "4", "extra": "x\ny"], node: 1, at: epoch + 2_000_000),
        delivery(position: 43, number: 9, type: "test_event_message", code: 1, severity: .normal, polarity: .none, at: epoch + 1_000_000, simulated: true),
    ]

    func compose(_ batch: [EventMessageDelivery], system: String = "PBX Süd") -> SMTPMail {
        EventMessageMail.compose(batch: batch, systemName: system, sender: "pbx@alerts.example.com", recipient: "ops@example.net", destination: "email")
    }

    @Test func subjectNamesSystemHighestSeverityAndCount() {
        #expect(compose(batch).subject == "[PBX Süd] Critical: 3 event messages")
        #expect(compose([batch[0]]).subject == "[PBX Süd] Serious: 1 event message (SIP account not available)")
        #expect(compose([batch[0]], system: " ").subject == "[Callplane] Serious: 1 event message (SIP account not available)")
    }

    @Test func messageIDIsTheBatchsIdempotencyKey() {
        let mail = compose(batch)
        #expect(mail.messageID == "<callplane.email.41-43@alerts.example.com>")
        // The same batch again (a re-delivery after a crash) is the same e-mail, to the byte.
        #expect(compose(batch) == mail)
        #expect(compose(batch).rendered == mail.rendered)
        #expect(compose(Array(batch.prefix(2))).messageID == "<callplane.email.41-42@alerts.example.com>")
        let odd = EventMessageMail.compose(batch: batch, systemName: "x", sender: "no-at-sign", recipient: "r@x", destination: "a b.c")
        #expect(odd.messageID == "<callplane.a-b-c.41-43@localhost>")
    }

    @Test func envelopeAndDateComeFromTheBatch() {
        let mail = compose(batch)
        #expect(mail.from == "pbx@alerts.example.com")
        #expect(mail.recipients == ["ops@example.net"])
        #expect(mail.date == epoch + 2_000_000, "the newest message's time")
    }

    @Test func bodyListsEveryMessage() {
        let body = compose(batch).body
        #expect(
            body == """
                3 event messages from PBX Süd (log positions 41-43, destination email).

                #7  Serious  active (raised)
                    SIP account not available (code 108)
                    Time: 2026-01-01T00:00:00.123456Z
                    Node: 2
                    Provider: Carrier "A"
                    Account: 0301234/ünï

                #8  Critical  active (raised)
                    Send e-mail failed (code 105)
                    Time: 2026-01-01T00:00:02.000000Z
                    Node: 1
                    Cause/action: 0403 (Authentication failed; Registration on SMTP server)
                    E-mail client: 4 (Event message)
                    extra: x y

                #9  Normal  active until acknowledged  (simulated)
                    Test event message (code 1)
                    Time: 2026-01-01T00:00:01.000000Z
                    Node: 1

                -- 
                Sent by PBX Süd (Callplane) to the e-mail signal destination "email".

                """)
    }

    @Test func positiveMessageIsCleared() {
        var cleared = delivery(position: 50, number: 10, type: "sip_account_available", code: 107, severity: .serious, polarity: .positive)
        #expect(compose([cleared]).body.contains("#10  Serious  cleared\n"))
        cleared = EventMessageDelivery(
            position: 50,
            message: {
                var m = cleared.message
                m.activeNumber = 7
                return m
            }())
        #expect(compose([cleared]).body.contains("#10  Serious  cleared (ends #7)\n"))
    }

    @Test func unknownTypeAndCodesFallBackToWhatTheMessageSays() {
        let body = compose([
            delivery(type: "no_such_type", code: 999, parameters: ["b": "2", "a": "1"]),
            delivery(type: "send_email_failed", code: 105, parameters: ["causeAction": "9999", "emailClient": "77"]),
        ]).body
        #expect(body.contains("    no_such_type (code 999)\n    Time: 2026-01-01T00:00:00.000000Z\n    Node: 1\n    a: 1\n    b: 2\n"))
        #expect(body.contains("    Cause/action: 9999\n    E-mail client: 77\n"))
    }
}

@Suite struct SMTPMailTests {
    func mail(subject: String = "Hello", body: String = "Body", recipients: [String] = ["ops@example.net"]) -> SMTPMail {
        SMTPMail(
            from: "pbx@example.com", recipients: recipients, subject: subject, body: body, messageID: "<id@example.com>",
            date: epoch + 86_400_000_000 * 59 + 3_723_000_000)
    }

    func text(_ mail: SMTPMail) -> String { String(decoding: mail.rendered, as: UTF8.self) }

    @Test func headersInOrderWithCRLF() {
        #expect(
            text(mail())
                == "From: pbx@example.com\r\nTo: ops@example.net\r\nSubject: Hello\r\nDate: Sun, 01 Mar 2026 01:02:03 +0000\r\n"
                + "Message-ID: <id@example.com>\r\nAuto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBody\r\n")
    }

    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 +0000"), (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (951_782_400_000_000, "Tue, 29 Feb 2000 00:00:00 +0000"), (epoch + 999_999, "Thu, 01 Jan 2026 00:00:00 +0000"),
    ])
    func dateIsRFC5322InUTC(microseconds: Int64, expected: String) {
        #expect(SMTPMail.rfc5322Date(microsecondsSinceEpoch: microseconds) == expected)
    }

    @Test func nonASCIISubjectIsEncodedWords() {
        let subject = "[PBX Süd] Critical: 3 event messages — Überlast in Gebäude Ä"
        let field = SMTPMail.subjectField(subject)
        let lines = field.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 && $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(lines[0].hasPrefix("Subject: =?UTF-8?B?") && lines[1].hasPrefix(" =?UTF-8?B?"))
        // Decoding the words gives the subject back; no word splits a character.
        let decoded = field.dropFirst("Subject: ".count).split(separator: "\r\n ").map { word -> String in
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let bytes = Data(base64Encoded: String(base64))
            return bytes.flatMap { String(data: $0, encoding: .utf8) } ?? "<split character>"
        }
        #expect(decoded.joined() == subject)
    }

    @Test func asciiSubjectIsFoldedAndInjectionIsDefused() {
        let long = SMTPMail.subjectField(String(repeating: "word ", count: 30).trimmingCharacters(in: .whitespaces))
        #expect(long.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(long.replacing("\r\n", with: "") == "Subject: " + String(repeating: "word ", count: 30).trimmingCharacters(in: .whitespaces))
        #expect(SMTPMail.subjectField("looks =?like?= a word").hasPrefix("Subject: =?UTF-8?B?"))
        #expect(text(mail(subject: "Hi\r\nBcc: victim@example.org")).contains("Subject: Hi  Bcc: victim@example.org\r\n"))
    }

    @Test func longRecipientListIsFoldedAfterCommas() {
        let recipients = (1...8).map { "operator\($0)@example.net" }
        let to = text(mail(recipients: recipients)).split(separator: "\r\n").drop { !$0.hasPrefix("To:") }.prefix { !$0.hasPrefix("Subject:") }
        #expect(to.count > 1)
        #expect(to.allSatisfy { $0.utf8.count <= 78 })
        #expect(to.joined() == "To: " + recipients.joined(separator: ", "))
    }

    @Test func bodyIsQuotedPrintable() {
        let body = "a=b\ntrailing space \ntab\there\nünï\n.\n\n" + String(repeating: "x", count: 100) + "\r\nend"
        let encoded = String(decoding: SMTPMail.quotedPrintable(body), as: UTF8.self)
        #expect(
            encoded
                == "a=3Db\r\ntrailing space=20\r\ntab\there\r\n=C3=BCn=C3=AF\r\n.\r\n\r\n" + String(repeating: "x", count: 75) + "=\r\n"
                + String(repeating: "x", count: 25) + "\r\nend\r\n")
        // An =XX never straddles a soft line break; every line fits in 76.
        let wide = String(decoding: SMTPMail.quotedPrintable(String(repeating: "ü", count: 40)), as: UTF8.self)
        #expect(wide.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 76 && !$0.dropLast().hasSuffix("=") && !$0.hasSuffix("=C") })
        #expect(wide.replacing("=\r\n", with: "") == String(repeating: "=C3=BC", count: 40) + "\r\n")
    }
}
