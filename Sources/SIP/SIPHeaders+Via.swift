extension SIPHeaders {
    /// Replaces the topmost via-parm and keeps every other one as received, as the server
    /// transport does when it adds `received` and `rport` (RFC 3261 §18.2.1, RFC 3581 §4). A
    /// first Via field that carries several comma-separated values is split so only its first
    /// value changes.
    /// - Throws: ``SIPParseError`` when there is no Via or its first field cannot be split.
    public mutating func replaceTopVia(with via: SIPVia) throws(SIPParseError) {
        guard let index = fields.firstIndex(where: { $0.known == .via }) else {
            throw SIPParseError(.missingHeader, header: SIPHeaderName.Known.via.longForm)
        }
        let rest = try elements(fields[index].value, header: .via).dropFirst().map { string($0) }
        let kept = fields[index].name
        add(.via, via.description)
        var top = fields.removeLast()
        top.name = kept
        fields[index] = top
        guard !rest.isEmpty else { return }
        add(.via, rest.joined(separator: ", "))
        fields.insert(fields.removeLast(), at: index + 1)
    }
}
