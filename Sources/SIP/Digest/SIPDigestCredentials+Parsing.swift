extension SIPDigestCredentials {
    /// Reads one header value; `nil` when its scheme is not `Digest`, so a request carrying only
    /// credentials of another scheme (RFC 4475 §3.3.7 `regaut01`: `NoOneKnowsThisScheme
    /// opaque-data=here`) is answered with a challenge rather than refused.
    ///
    /// Throws ``SIPDigestError`` for Digest credentials that break the grammar or
    /// ``validate()``; unknown parameters are ignored (RFC 7616 §3.4).
    public static func parse(_ value: String) throws(SIPDigestError) -> SIPDigestCredentials? {
        guard let parameters = try SIPDigestParameters.parse(value) else { return nil }
        func required(_ name: String) throws(SIPDigestError) -> String {
            guard let value = parameters[name] else { throw SIPDigestError(.missingParameter, parameter: name) }
            return value
        }
        var algorithm = SIPDigestAlgorithm.md5
        if let token = parameters["algorithm"] {
            guard let named = SIPDigestAlgorithm(token: token) else { throw SIPDigestError(.unsupportedAlgorithm, detail: token) }
            algorithm = named
        }
        var qop: SIPDigestQop?
        if let token = parameters["qop"] {
            guard let named = SIPDigestQop(token: token) else { throw SIPDigestError(.unsupportedQop, detail: token) }
            qop = named
        }
        var nonceCount: UInt32?
        if let text = parameters["nc"] {
            guard text.utf8.count == 8, text.utf8.allSatisfy(isLowercaseHex), let count = UInt32(text, radix: 16) else {
                throw SIPDigestError(.malformedValue, parameter: "nc", detail: "not 8 lower-case hex digits")
            }
            nonceCount = count
        }
        let credentials = SIPDigestCredentials(
            username: try required("username"), realm: try required("realm"), nonce: try required("nonce"), uri: try required("uri"),
            response: try required("response"), algorithm: algorithm, cnonce: parameters["cnonce"], opaque: parameters["opaque"], qop: qop,
            nonceCount: nonceCount)
        try credentials.validate()
        return credentials
    }

    /// The header value, canonically, in RFC 3261 §22.4's order: `Digest username="…",
    /// realm="…", nonce="…", uri="…", response="…", algorithm=…`, then `cnonce`, `opaque`, `qop`
    /// and `nc` when present. `qop`, `nc` and `algorithm` are bare tokens as §25.1 writes them;
    /// the rest quoted.
    public var text: String {
        var parameters: [(name: String, value: String, quoted: Bool)] = [
            ("username", username, true), ("realm", realm, true), ("nonce", nonce, true), ("uri", uri, true), ("response", response, true),
            ("algorithm", algorithm.rawValue, false),
        ]
        if let cnonce { parameters.append(("cnonce", cnonce, true)) }
        if let opaque { parameters.append(("opaque", opaque, true)) }
        if let qop { parameters.append(("qop", qop.rawValue, false)) }
        if let nonceCount { parameters.append(("nc", SIPDigestCredentials.nonceCountText(nonceCount), false)) }
        return SIPDigestParameters.write(parameters)
    }

    /// `nc-value = 8LHEX`, the form that is both written and hashed (RFC 2617 §3.2.2).
    static func nonceCountText(_ count: UInt32) -> String {
        let digits = String(count, radix: 16)
        return String(repeating: "0", count: 8 - digits.utf8.count) + digits
    }
}
