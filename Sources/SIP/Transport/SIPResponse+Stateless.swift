extension SIPResponse {
    /// A response to `request` built the way a UAS builds one outside any transaction, or before
    /// its transaction exists (RFC 3261 §8.2.6): Via fields, From, Call-ID and CSeq copied, To
    /// copied with a tag added when the request's had none, Content-Length 0.
    public init(answering request: SIPRequest, status: Int, reason: String, toTag: String) {
        var headers = request.headers.copiedIntoResponse()
        headers.addToTagIfMissing(toTag)
        self.init(status: status, reason: reason, headers: headers)
    }
}

extension SIPHeaders {
    /// The fields every response copies from its request, as they arrived — they need not be
    /// readable to be copied: each Via, From, To, Call-ID and CSeq (§8.2.6.2), in their order.
    func copiedIntoResponse() -> SIPHeaders {
        var copy = SIPHeaders()
        for field in fields {
            guard let known = field.known, [.via, .from, .to, .callID, .cseq].contains(known) else { continue }
            copy.add(SIPHeaderName(known), string(field.value))
        }
        return copy
    }

    /// Adds a tag to a To that has none, as §8.2.6.2 asks of every response but a 100; a To that
    /// cannot be read goes back as it came: a tag cannot be added to what is not understood.
    mutating func addToTagIfMissing(_ tag: String) {
        guard let to = try? self.to, to.tag == nil, let value = first(.to) else { return }
        replaceOrAdd(.to, value + ";tag=" + tag)
    }
}
