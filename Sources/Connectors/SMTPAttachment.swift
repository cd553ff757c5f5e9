/// A file sent along with an ``SMTPMail`` (manual §5.6.4.2, "E-mail distribution service": a copy
/// of each backup file created). The content is held in memory whole: e-mail is only for files
/// small enough to fit the receiving servers' limits anyway, see ``recommendedMaximumSize``.
public struct SMTPAttachment: Sendable, Hashable {
    /// The largest content worth sending: 25 MB is the message limit of the big mail providers
    /// and of many company servers, and base64 makes the message a third larger than the file.
    /// ``SMTPMail/rendered`` does not enforce it — deciding what to do with a larger file (send
    /// no e-mail, send a notice without the file) is the caller's check. A server that refuses a
    /// message as too large answers 552, which ``SMTPSendError`` reports as such.
    public static let recommendedMaximumSize = 25 * 1024 * 1024

    /// The name the recipient's program offers to save the file as, without any directory. Any
    /// Unicode text: printable ASCII goes out as a quoted string, anything else RFC 2231-encoded.
    public var fileName: String
    /// The MIME type, e.g. `application/zip`; anything that is not `type/subtype` in RFC 2045
    /// tokens goes out as `application/octet-stream`.
    public var contentType: String
    /// The file's bytes, sent base64-encoded.
    public var content: [UInt8]

    public init(fileName: String, contentType: String = "application/octet-stream", content: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.content = content
    }
}
