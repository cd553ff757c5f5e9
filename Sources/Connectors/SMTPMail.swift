import Crypto
import EventLog
import Foundation

/// One plain-text e-mail, ready to hand to ``SMTPClient``: the envelope (`from`, `recipients`)
/// and what the message says, rendered by ``rendered`` as RFC 5322 bytes; with
/// ``attachments``, a `multipart/mixed` message (RFC 2046 §5.1.3) of the text and the files.
///
/// The body goes out as `quoted-printable`, not `8bit`: `8bit` is only allowed towards a server
/// that announces 8BITMIME *and* when the client declares `BODY=8BITMIME` in MAIL FROM
/// (RFC 6152 §3), which libcurl 7.88 never does, and a 7-bit-only relay on the way would have
/// to convert or bounce it. Quoted-printable is 7-bit clean everywhere, leaves ASCII text as it
/// is (an event message reads the same in the raw source), and its soft line breaks keep every
/// line under 77 octets whatever the parameter values, so RFC 5322's 998-octet limit holds by
/// construction.
///
/// Lines starting with "." are not escaped here: libcurl doubles the dot of every such line
/// while it uploads (RFC 5321 §4.5.2 "transparency") and the server removes it again; the
/// integration tests send "." and ".x" lines and get them back unchanged.
public struct SMTPMail: Sendable, Hashable {
    /// The sender's address, `MAIL FROM` and `From:` (a bare address, `user@domain`).
    public var from: String
    /// `RCPT TO` and `To:`, bare addresses.
    public var recipients: [String]
    /// Any text; non-ASCII is sent as RFC 2047 encoded-words.
    public var subject: String
    /// Plain text; `\n`, `\r\n` or `\r` end a line.
    public var body: String
    /// The complete msg-id with its angle brackets, e.g. `<callplane.external.41-42@example.com>`.
    public var messageID: String
    /// `Date:`, microseconds since the Unix epoch, written in UTC.
    public var date: Int64
    /// Files sent along (a backup for the e-mail distribution service); none for an event
    /// message, whose e-mail then stays a single `text/plain` part, byte for byte as before.
    public var attachments: [SMTPAttachment]

    public init(
        from: String, recipients: [String], subject: String, body: String, messageID: String, date: Int64, attachments: [SMTPAttachment] = []
    ) {
        self.from = from
        self.recipients = recipients
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
        self.attachments = attachments
    }

    /// The message as RFC 5322 octets with CRLF line endings: the header fields, an empty line
    /// and the quoted-printable body. Header values lose any control character (a CR or LF in a
    /// subject must not start a header field of its own). With attachments the body is the
    /// multipart of ``multipart``; every line still stays under 78 octets.
    public var rendered: [UInt8] {
        var lines: [String] = []
        lines.append(Self.folded("From: " + Self.headerText(from)))
        lines.append(Self.folded("To: " + recipients.map(Self.headerText).joined(separator: ", "), after: ","))
        lines.append(Self.subjectField(Self.headerText(subject)))
        lines.append("Date: " + Self.rfc5322Date(microsecondsSinceEpoch: date))
        lines.append("Message-ID: " + Self.headerText(messageID))
        // RFC 3834 §5: a machine wrote it, so vacation responders and the like stay quiet.
        lines.append("Auto-Submitted: auto-generated")
        lines.append("MIME-Version: 1.0")
        guard !attachments.isEmpty else {
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            var bytes = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
            bytes += Self.quotedPrintable(body)
            return bytes
        }
        let (boundary, parts) = multipart
        lines.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + parts
    }

    // MARK: Attachments

    /// The body of a message with attachments and the boundary between its parts: the text as
    /// the first part, quoted-printable as without attachments, then each file base64-encoded in
    /// lines of 76 characters (RFC 2045 §6.8).
    ///
    /// The boundary must not occur in any part (RFC 2046 §5.1.1). It starts with "=_", which
    /// neither encoding can produce — quoted-printable writes "=" only before two hex digits or a
    /// line break, and "_" is not in the base64 alphabet — and part headers never start a line
    /// with "--"; it is checked all the same. It is derived from the message, not random, so
    /// rendering the same mail twice gives the same bytes.
    var multipart: (boundary: String, body: [UInt8]) {
        var parts: [[UInt8]] = []
        parts.append(Array("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8) + Self.quotedPrintable(body))
        for attachment in attachments {
            parts.append(Array((Self.attachmentHeader(attachment) + "\r\n\r\n").utf8) + Self.base64Lines(attachment.content))
        }
        var digest = SHA256()
        digest.update(data: Array(messageID.utf8))
        for attachment in attachments { digest.update(data: attachment.content) }
        let seed = Hexadecimal.lowercase(digest.finalize().prefix(12))
        var boundary = "=_callplane_" + seed
        var attempt = 0
        while parts.contains(where: { $0.firstRange(of: Array(boundary.utf8)) != nil }) {
            attempt += 1
            boundary = "=_callplane_\(seed)_\(attempt)"
        }
        // The CRLF before each "--boundary" belongs to the delimiter, not to the part: the
        // text's own final line break is kept by writing one more.
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            bytes += Array("--\(boundary)\r\n".utf8) + part
            if index == 0 { bytes += Array("\r\n".utf8) }
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return (boundary, bytes)
    }

    /// `Content-Type`, `Content-Disposition` and `Content-Transfer-Encoding` of one attachment,
    /// each parameter on a folded line of its own so that no line passes 78 characters.
    static func attachmentHeader(_ attachment: SMTPAttachment) -> String {
        let fileName = headerText(attachment.fileName)
        return [
            "Content-Type: \(mediaType(attachment.contentType));\r\n " + parameter("name", fileName),
            "Content-Disposition: attachment;\r\n " + parameter("filename", fileName),
            "Content-Transfer-Encoding: base64",
        ].joined(separator: "\r\n")
    }

    /// `type/subtype` when both are RFC 2045 tokens (without the rarely supported specials) and
    /// the whole fits a header line, `application/octet-stream` otherwise; a parameter in the
    /// caller's text is dropped with it.
    static func mediaType(_ text: String) -> String {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        let isToken = { (piece: Substring) in
            !piece.isEmpty && piece.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$&^_.+-".contains($0)) }
        }
        return pieces.count == 2 && pieces.allSatisfy(isToken) && text.utf8.count <= 63 ? text.lowercased() : "application/octet-stream"
    }

    /// `name="value"` for a short value of printable ASCII without quotes or backslashes;
    /// otherwise RFC 2231 §3–4 `name*0*=utf-8''…` in continuations of at most 40 characters, on
    /// folded lines of their own (under 78 with the longest prefix, `filename*0*=utf-8''`), a
    /// character's `%XX` sequence never split between two.
    static func parameter(_ name: String, _ value: String) -> String {
        let isPlain = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
        if isPlain, value.utf8.count <= 60 { return "\(name)=\"\(value)\"" }
        let hex = Array("0123456789ABCDEF".utf8)
        var chunks: [String] = []
        var chunk = ""
        for scalar in value.unicodeScalars {
            var encoded = ""
            for byte in String(scalar).utf8 {
                let isAttributeChar =
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".utf8.contains(byte)
                encoded += isAttributeChar ? String(UnicodeScalar(byte)) : "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
            if chunk.count + encoded.count > 40 {
                chunks.append(chunk)
                chunk = ""
            }
            chunk += encoded
        }
        chunks.append(chunk)
        return chunks.enumerated().map { "\(name)*\($0.offset)*=" + ($0.offset == 0 ? "utf-8''" : "") + $0.element }.joined(separator: ";\r\n ")
    }

    /// RFC 2045 §6.8 base64 in lines of 76 characters, each ending in CRLF.
    static func base64Lines(_ content: [UInt8]) -> [UInt8] {
        let encoded = Array(Data(content).base64EncodedString().utf8)
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            output += encoded[start..<end]
            output += [0x0D, 0x0A]
            start = end
        }
        return output
    }

    // MARK: Header fields

    /// Control characters (CR, LF, tab …) become spaces; header values are one logical line.
    static func headerText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// `Subject:` as it is when it is printable ASCII (folded at spaces past 78 characters),
    /// otherwise as RFC 2047 "B" encoded-words of UTF-8. ASCII containing `=?` is encoded too, so
    /// a reader cannot mistake it for an encoded-word, and so is a word too long to fold.
    static func subjectField(_ subject: String) -> String {
        let longestWord = subject.split(separator: " ").map(\.utf8.count).max() ?? 0
        if subject.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }), !subject.contains("=?"), longestWord <= 68 {
            return folded("Subject: " + subject)
        }
        return "Subject: " + encodedWords(subject).joined(separator: "\r\n ")
    }

    /// RFC 2047 §4.1 encoded-words of at most 39 UTF-8 octets each (64 characters, so the first
    /// line stays under 78 with "Subject: "); a character is never split across two words (§5).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// Folds an unstructured or address-list field before a space (RFC 5322 §2.2.3) so each line
    /// keeps to 78 characters where the text allows it; `after` folds after that character
    /// instead (the commas of an address list).
    static func folded(_ field: String, after separator: Character? = nil) -> String {
        var lines: [String] = []
        var current = ""
        // Pieces that end at a fold point: "word" then " word" (or "a@x," then " b@y").
        var pieces: [String] = []
        var piece = ""
        for character in field {
            // A run of spaces stays with the word after it: a folded line is never blank.
            if character == " ", separator == nil || piece.last == separator, piece.contains(where: { $0 != " " }) {
                pieces.append(piece)
                piece = ""
            }
            piece.append(character)
        }
        pieces.append(piece)
        for piece in pieces {
            if !current.isEmpty, current.utf8.count + piece.utf8.count > 78 {
                lines.append(current)
                current = ""
            }
            current += piece
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// RFC 5322 §3.3 date-time in UTC, e.g. `Thu, 01 Jan 2026 00:00:00 +0000`; the calendar
    /// arithmetic is ``RFC3339Timestamp``'s, the layout this one's.
    static func rfc5322Date(microsecondsSinceEpoch value: Int64) -> String {
        let stamp = Array(RFC3339Timestamp.string(microsecondsSinceEpoch: value).utf8)  // YYYY-MM-DDTHH:MM:SS.ffffffZ
        func text(_ range: Range<Int>) -> String { String(decoding: stamp[range], as: UTF8.self) }
        // Floor division: a day before 1970 is still a whole day. 1970-01-01 was a Thursday.
        let seconds = value >= 0 ? value / 1_000_000 : (value - 999_999) / 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months[(Int(text(5..<7)) ?? 1) - 1]
        return "\(weekday), \(text(8..<10)) \(month) \(text(0..<4)) \(text(11..<19)) +0000"
    }

    // MARK: Body

    /// RFC 2045 §6.7 quoted-printable of the UTF-8 text, lines ending in CRLF: printable ASCII
    /// other than "=" stays as it is (rule 2), space and tab too except at the end of a line
    /// (rule 3), everything else is `=XX`; lines longer than 76 characters get soft line breaks
    /// (rule 5), never inside an `=XX`.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        let normalised = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            let bytes = Array(line.utf8)
            var current = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
                let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                // 75 leaves room for the "=" of a soft break; the last token may use column 76.
                if current + token.count > (isLast ? 76 : 75) {
                    output += Array("=\r\n".utf8)
                    current = 0
                }
                output += token
                current += token.count
            }
            output += Array("\r\n".utf8)
        }
        return output
    }
}
