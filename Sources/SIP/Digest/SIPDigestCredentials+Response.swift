extension SIPDigestCredentials {
    /// The request-digest these credentials must carry for a request of `method` with `body`,
    /// given `secret`: both the client, to fill ``response``, and the server, to compare it,
    /// call this with the same inputs.
    ///
    /// RFC 2617 §3.2.2.1–§3.2.2.3 and RFC 7616 §3.4.1–§3.4.3, with `H` the ``algorithm``'s hash
    /// in lower-case hex:
    /// - `HA1 = H(username:realm:password)`; for `-sess`, `H(HA1:nonce:cnonce)`;
    /// - `HA2 = H(method:uri)`; for `auth-int`, `H(method:uri:H(body))`;
    /// - with `qop`: `H(HA1:nonce:nc:cnonce:qop:HA2)`; without (RFC 2069): `H(HA1:nonce:HA2)`.
    ///
    /// Throws what ``validate()`` throws (except for the ``response`` itself, which is not an
    /// input), and ``SIPDigestError/Rule/unsupportedAlgorithm`` when `secret` is an HA1 made with
    /// another hash.
    public func expectedResponse(secret: SIPDigestSecret, method: SIPMethod, body: [UInt8] = []) throws(SIPDigestError) -> String {
        var check = self
        check.response = String(repeating: "0", count: algorithm.hexLength)
        try check.validate()
        var ha1: String
        switch secret {
        case .password(let password):
            ha1 = algorithm.ha1(username: username, realm: realm, password: password)
        case .ha1(let stored, let storedAlgorithm):
            guard storedAlgorithm.base == algorithm.base else {
                throw SIPDigestError(.unsupportedAlgorithm, detail: algorithm.rawValue + " but the HA1 kept is " + storedAlgorithm.base.rawValue)
            }
            ha1 = stored.lowercased()
        }
        if algorithm.isSession, let cnonce {
            ha1 = algorithm.hash(Self.joined([ha1, nonce, cnonce]))
        }
        var a2 = [method.rawValue, uri]
        if qop == .authInt { a2.append(algorithm.hash(body)) }
        let ha2 = algorithm.hash(Self.joined(a2))
        if let qop, let cnonce, let nonceCount {
            return algorithm.hash(Self.joined([ha1, nonce, Self.nonceCountText(nonceCount), cnonce, qop.rawValue, ha2]))
        }
        return algorithm.hash(Self.joined([ha1, nonce, ha2]))
    }

    /// The parts joined by `:`, as RFC 2617 §3.2.2.1 concatenates them.
    static func joined(_ parts: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (offset, part) in parts.enumerated() {
            if offset > 0 { bytes.append(.colon) }
            bytes.append(contentsOf: part.utf8)
        }
        return bytes
    }
}
