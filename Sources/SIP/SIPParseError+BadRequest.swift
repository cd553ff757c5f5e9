extension SIPParseError {
    /// The 400 owed to a malformed request, or `nil` when it is to be dropped.
    ///
    /// It copies every Via field and the From, To, Call-ID and CSeq fields that arrived
    /// (§8.2.6.2), as received — they need not be readable to be copied — and names the broken
    /// rule in its reason phrase. The To tag §8.2.6.2 asks for is the transaction layer's to
    /// add, since it owns tag generation.
    public func badRequestResponse() -> SIPResponse? {
        guard case .badRequest(let request) = answer else { return nil }
        return SIPResponse(status: 400, reason: reasonPhrase, headers: request.copiedIntoResponse())
    }
}
