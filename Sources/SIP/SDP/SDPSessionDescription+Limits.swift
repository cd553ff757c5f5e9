extension SDPSessionDescription {
    /// The bounds that keep a hostile peer from making the parser hold or scan without end. The
    /// defaults are far above what a call carries (a few hundred octets, one to three `m=`
    /// sections, tens of lines) and below what a SIP datagram can hold.
    public struct Limits: Sendable, Hashable {
        /// Octets in the whole description: 65,535, the largest SIP datagram body.
        public var maximumSize: Int
        /// Lines, counting every `<type>=<value>`: 1,024.
        public var maximumLineCount: Int
        /// `m=` sections: 64.
        public var maximumMediaCount: Int

        public init(maximumSize: Int = 65_535, maximumLineCount: Int = 1_024, maximumMediaCount: Int = 64) {
            self.maximumSize = maximumSize
            self.maximumLineCount = maximumLineCount
            self.maximumMediaCount = maximumMediaCount
        }
    }
}
