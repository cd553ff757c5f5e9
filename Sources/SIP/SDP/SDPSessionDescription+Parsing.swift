extension SDPSessionDescription {
    /// Reads a session description, refusing it whole where RFC 4566 §5 is broken (see
    /// ``SDPParseError/Rule``) or a bound of `limits` is exceeded.
    public init(parsing bytes: some Collection<UInt8>, limits: Limits = Limits()) throws(SDPParseError) {
        guard bytes.count <= limits.maximumSize else { throw SDPParseError(.tooLarge, detail: "\(bytes.count) octets") }
        self = try SDPParser(limits: limits).parse(Array(bytes))
    }

    public init(parsing text: String, limits: Limits = Limits()) throws(SDPParseError) {
        try self.init(parsing: text.utf8, limits: limits)
    }
}
