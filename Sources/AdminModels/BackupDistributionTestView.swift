/// `POST /api/v1/backup/distribution/test`: the distribution service's test button (manual
/// §5.6.4: "in this view … you can also test the configuration") — per channel whether it is
/// configured, and whether the test file or e-mail arrived, with the reason when not.
public struct BackupDistributionTestView: Codable, Sendable, Hashable, JSONWritable {
    public struct Channel: Codable, Sendable, Hashable, JSONWritable {
        public var configured: Bool
        public var delivered: Bool
        public var error: String?

        /// `nil`: not configured; `.some(nil)`: delivered; otherwise the reason it was not.
        public init(_ outcome: String??) {
            configured = outcome != nil
            delivered = outcome == .some(nil)
            error = outcome ?? nil
        }

        public func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.member("configured", configured)
            writer.member("delivered", delivered)
            writer.member("error", error)
            writer.endObject()
        }
    }

    public var ftp: Channel
    public var email: Channel

    public init(ftp: Channel, email: Channel) {
        self.ftp = ftp
        self.email = email
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("email", email)
        writer.member("ftp", ftp)
        writer.endObject()
    }
}
