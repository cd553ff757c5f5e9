extension SIPMessageParser {
    /// The bounds that keep a hostile peer from making the parser hold or scan without end.
    public struct Limits: Sendable, Hashable {
        /// A whole message, head and body: a UDP datagram cannot be larger (RFC 768), and a
        /// stream message that declares more is refused rather than buffered.
        public var maximumMessageSize: Int
        /// Header fields per message.
        public var maximumHeaderCount: Int
        /// The start line, and each header field after unfolding (RFC 4475 §3.1.1.7 sends fields
        /// of several hundred octets).
        public var maximumLineLength: Int

        public init(maximumMessageSize: Int = 65_535, maximumHeaderCount: Int = 256, maximumLineLength: Int = 8_192) {
            self.maximumMessageSize = maximumMessageSize
            self.maximumHeaderCount = maximumHeaderCount
            self.maximumLineLength = maximumLineLength
        }
    }
}
