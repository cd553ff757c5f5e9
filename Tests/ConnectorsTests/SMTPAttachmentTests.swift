import Domain
import Foundation
import Testing
@testable import Connectors

@Suite struct SMTPAttachmentTests {
    let client = SMTPClient(heloName: "pbx.example.com")

    func mail(_ attachments: [SMTPAttachment], body: String = "The backup of today is attached.\n") -> SMTPMail {
        SMTPMail(
            from: "pbx@example.com", recipients: ["ops@example.net"], subject: "[PBX Süd] Backup 2026-01-01", body: body,
            messageID: "<callplane.backup.7@example.com>", date: epoch, attachments: attachments)
    }

    func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Without attachments the e-mail is what it always was, byte for byte.
    @Test func withoutAttachmentsTheRenderingIsUnchanged() {
        let plain = SMTPMail(from: "a@example.com", recipients: ["b@example.net"], subject: "Hi", body: "Hello", messageID: "<m@example.com>", date: epoch)
        let expected =
            "From: a@example.com\r\nTo: b@example.net\r\nSubject: Hi\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\nMessage-ID: <m@example.com>\r\n"
            + "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nHello\r\n"
        #expect(String(decoding: plain.rendered, as: UTF8.self) == expected)
        #expect(plain.attachments.isEmpty)
    }

    /// Python's e-mail package, which shares no code with the renderer, reads back every part.
    @Test func attachmentsArriveIntactThroughAStrictParser() async throws {
        let peer = try await PythonPeer.smtp()
        let backup = random(300_000)
        let notes = Array("--=_callplane_ a line that looks like a boundary\r\n=_ and =3D\r\n".utf8)
        let longName = "callplane-backup-" + String(repeating: "ä", count: 40) + "-2026-01-01T00-00-00Z.zip"
        let attachments = [
            SMTPAttachment(fileName: "backup Süd – 2026-01-01.zip", contentType: "application/zip", content: backup),
            SMTPAttachment(fileName: "notes.txt", contentType: "text/plain", content: notes),
            SMTPAttachment(fileName: longName, contentType: "not a type; x=\"y\"", content: []),
            SMTPAttachment(fileName: "quote\"d\\name.bin", content: [0]),
        ]
        let message = mail(attachments)
        let settings = SMTPServerSettings(host: "127.0.0.1", port: peer.port, security: .none, sender: "pbx@example.com")
        try await client.send(message, to: settings, password: nil, timeoutSeconds: 10)

        let record = try #require(await peer.records(count: 1).first)
        #expect(record["defects"] as? [String] == [])
        #expect(record["body"] as? String == "The backup of today is attached.\r\n", "the text part keeps its final line break")
        let raw = try #require(record["data"] as? String)
        #expect(raw == String(decoding: message.rendered, as: UTF8.self))
        let headers = try #require(record["headers"] as? [String: String])
        #expect(headers["content-type"]?.hasPrefix("multipart/mixed; boundary=\"=_callplane_") == true)
        #expect(headers["subject"] == "[PBX Süd] Backup 2026-01-01")

        let received = try #require(record["attachments"] as? [[String: Any]])
        try #require(received.count == 4)
        let expected: [(String, String, [UInt8])] = [
            ("backup Süd – 2026-01-01.zip", "application/zip", backup), ("notes.txt", "text/plain", notes),
            (longName, "application/octet-stream", []), ("quote\"d\\name.bin", "application/octet-stream", [0]),
        ]
        for (part, (name, type, content)) in zip(received, expected) {
            #expect(part["filename"] as? String == name)
            #expect(part["content_type"] as? String == type)
            #expect(part["disposition"] as? String == "attachment")
            #expect(part["transfer_encoding"] as? String == "base64")
            let bytes = try #require(Data(base64Encoded: part["content"] as? String ?? "x"))
            #expect(Array(bytes) == content, "\(name)")
        }
        // RFC 5322 §2.1.1: 998 is the limit; every line here keeps to the recommended 78.
        let lines = raw.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 }.first ?? "")")
        #expect(!raw.replacing("\r\n", with: "").contains("\r") && !raw.replacing("\r\n", with: "").contains("\n"), "CRLF everywhere")
    }

    @Test func renderingIsDeterministicAndStructured() throws {
        let content = random(1_000)
        let message = mail([SMTPAttachment(fileName: "a.zip", contentType: "application/zip", content: content)], body: "")
        #expect(message.rendered == message.rendered, "the boundary comes from the message, not from chance")
        let text = String(decoding: message.rendered, as: UTF8.self)
        let boundary = message.multipart.boundary
        let pieces = text.components(separatedBy: "\r\n--\(boundary)")
        // The head, the (empty) text part, the attachment, the close delimiter's "--".
        try #require(pieces.count == 4)
        #expect(pieces[0].hasSuffix("Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n"))
        #expect(pieces[1] == "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
        #expect(pieces[3] == "--\r\n")
        let attachment = pieces[2]
        #expect(attachment.hasPrefix("\r\nContent-Type: application/zip;\r\n name=\"a.zip\"\r\nContent-Disposition: attachment;\r\n filename=\"a.zip\"\r\n"))
        let encoded = try #require(attachment.components(separatedBy: "\r\n\r\n").last)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.dropLast().allSatisfy { $0.count == 76 }, "full lines of 76 characters, the last one shorter")
        #expect(Data(base64Encoded: lines.joined()) == Data(content))
    }

    @Test func nonASCIINamesAreRFC2231Continuations() {
        let header = SMTPMail.attachmentHeader(SMTPAttachment(fileName: "Süd " + String(repeating: "x", count: 70) + ".zip", content: []))
        #expect(header.contains("filename*0*=utf-8''S%C3%BCd%20"))
        #expect(header.contains(";\r\n filename*1*="))
        #expect(header.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func mediaTypesThatCannotBeSentAsTheyAreBecomeOctetStream() {
        #expect(SMTPMail.mediaType("Application/ZIP") == "application/zip")
        #expect(SMTPMail.mediaType("application/zip\r\nBcc: x@example.com") == "application/octet-stream")
        #expect(SMTPMail.mediaType("text/plain; charset=utf-8") == "application/octet-stream")
        #expect(SMTPMail.mediaType("application/" + String(repeating: "x", count: 60)) == "application/octet-stream", "longer than a header line")
    }
}
