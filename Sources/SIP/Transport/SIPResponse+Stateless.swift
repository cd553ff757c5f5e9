extension SIPResponse {
    /// A response to `request` built the way a UAS builds one outside any transaction, or before
    /// its transaction exists (RFC 3261 §8.2.6): Via fields, From, Call-ID and CSeq copied, To
    /// copied with a tag added when the request's had none, Content-Length 0.
    public init(answering request: SIPRequest, status: Int, reason: String, toTag: String) {
        var headers = SIPHeaders()
        for (name, value) in request.headers {
            let header = SIPHeaderName(name)
            if header == .via || header == .from || header == .callID || header == .cseq {
                headers.add(header, value)
            } else if header == .to {
                headers.add(.to, Self.tagged(value, request: request, tag: toTag))
            }
        }
        self.init(status: status, reason: reason, headers: headers)
    }

    /// Adds the tag §8.2.6.2 asks for to a copied To, unless it has one or cannot be read (then
    /// it goes back as it came: a tag cannot be added to what is not understood).
    static func tagged(_ to: String, request: SIPRequest, tag: String) -> String {
        guard let address = try? request.headers.to, address.tag == nil else { return to }
        return to + ";tag=" + tag
    }
}
