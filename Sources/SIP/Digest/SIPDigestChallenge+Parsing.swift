extension SIPDigestChallenge {
    /// Reads one header value; `nil` when its scheme is not `Digest`.
    ///
    /// Throws ``SIPDigestError`` when the value is a Digest challenge that cannot be read or
    /// answered: `realm` or `nonce` missing, a `stale` other than `true` or `false`, an
    /// algorithm this stack does not implement (RFC 7616 §3.3: such a challenge "SHOULD be
    /// ignored, and a different one used"), or `qop` options of which none is known.
    public static func parse(_ value: String) throws(SIPDigestError) -> SIPDigestChallenge? {
        guard let parameters = try SIPDigestParameters.parse(value) else { return nil }
        guard let realm = parameters["realm"] else { throw SIPDigestError(.missingParameter, parameter: "realm") }
        guard let nonce = parameters["nonce"] else { throw SIPDigestError(.missingParameter, parameter: "nonce") }
        guard !nonce.isEmpty else { throw SIPDigestError(.malformedValue, parameter: "nonce", detail: "empty") }
        var stale = false
        if let text = parameters["stale"] {
            if SIPParameters.namesEqual(text, "true") {
                stale = true
            } else if !SIPParameters.namesEqual(text, "false") {
                throw SIPDigestError(.malformedValue, parameter: "stale", detail: text)
            }
        }
        var algorithm = SIPDigestAlgorithm.md5
        if let token = parameters["algorithm"] {
            guard let named = SIPDigestAlgorithm(token: token) else { throw SIPDigestError(.unsupportedAlgorithm, detail: token) }
            algorithm = named
        }
        var qopOptions: [SIPDigestQop] = []
        if let text = parameters["qop"] {
            for option in text.split(separator: ",") {
                if let qop = SIPDigestQop(token: SIPCharacterClass.trimmed(option)), !qopOptions.contains(qop) { qopOptions.append(qop) }
            }
            guard !qopOptions.isEmpty else { throw SIPDigestError(.unsupportedQop, detail: text) }
        }
        let domain = parameters["domain"].map { $0.split(separator: " ").map(String.init) } ?? []
        return SIPDigestChallenge(
            realm: realm, nonce: nonce, opaque: parameters["opaque"], stale: stale, algorithm: algorithm, qopOptions: qopOptions, domain: domain)
    }

    /// The header value, canonically: `Digest realm="…", nonce="…"`, then `opaque`, `stale=true`
    /// when set, `algorithm`, `qop` and `domain` when present. Quoted where RFC 7616 §3.3 has a
    /// sender quote (realm, nonce, opaque, qop, domain), bare where it has a token.
    public var text: String {
        var parameters: [(name: String, value: String, quoted: Bool)] = [("realm", realm, true), ("nonce", nonce, true)]
        if let opaque { parameters.append(("opaque", opaque, true)) }
        if stale { parameters.append(("stale", "true", false)) }
        parameters.append(("algorithm", algorithm.rawValue, false))
        if !qopOptions.isEmpty { parameters.append(("qop", qopOptions.map(\.rawValue).joined(separator: ","), true)) }
        if !domain.isEmpty { parameters.append(("domain", domain.joined(separator: " "), true)) }
        return SIPDigestParameters.write(parameters)
    }
}
