/// The digest values of a message's authentication headers. These fields are not
/// comma-separated lists, though their values hold commas (RFC 3261 §7.3.1 names them as the
/// exception), so each field is one challenge or one set of credentials.
extension SIPHeaders {
    /// The Digest credentials of every `name` field (`Authorization` or
    /// `Proxy-Authorization`), in order; fields of other schemes are skipped, so a request
    /// carrying only those yields none and is challenged (RFC 4475 §3.3.7). A Digest field that
    /// cannot be read throws, and the request is answered 400.
    public func digestCredentials(_ name: SIPHeaderName = .authorization) throws(SIPDigestError) -> [SIPDigestCredentials] {
        var credentials: [SIPDigestCredentials] = []
        for value in self[name] {
            if let read = try SIPDigestCredentials.parse(value) { credentials.append(read) }
        }
        return credentials
    }

    /// The Digest challenges of every `name` field (`WWW-Authenticate` or
    /// `Proxy-Authenticate`) this stack can answer, in order. Those it cannot read or answer
    /// (an unknown algorithm such as SHA-512-256, no known qop) are skipped, as RFC 7616 §3.3
    /// has a client ignore them; ``SIPDigestChallenge/preferred(among:realm:)`` picks the one
    /// to answer.
    public func digestChallenges(_ name: SIPHeaderName = .wwwAuthenticate) -> [SIPDigestChallenge] {
        self[name].compactMap { try? SIPDigestChallenge.parse($0) }
    }
}
