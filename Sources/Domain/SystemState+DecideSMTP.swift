extension SystemState {
    /// Sets the SMTP server (issue 17, point 1). The rules beyond each field's form:
    ///
    /// - A user and password go with an authentication mechanism, and only then (a user name
    ///   that would never be sent is a mistake the administrator should hear of).
    /// - Authentication needs `starttls` or `tls`: the password must not cross the network in
    ///   clear (secure by default; RFC 4954 §4 leaves PLAIN and LOGIN to a protected link).
    /// - `caFile` goes with `starttls` or `tls`, as there is no certificate to verify otherwise.
    /// - The password is sealed; `nil` keeps the stored one, and the same password typed again
    ///   changes nothing (sealing twice gives other bytes, so it is compared opened).
    func decideSetSMTPServer(_ draft: SMTPServerDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        try DomainRules.hostName(draft.host, field: "host")
        let port = draft.port ?? draft.security.defaultPort
        guard CapacityLimit.port.range.contains(port) else { throw .outOfRange(.port, field: "port", value: port) }
        try DomainRules.email(draft.sender, field: "sender")
        if let caFile = draft.caFile {
            guard draft.security != .none else {
                throw .invalid(field: "caFile", rule: "applies to security starttls or tls only: without TLS there is no certificate to verify")
            }
            try Self.checkPath(caFile, field: "caFile")
        }
        let current = smtpServer
        var password: SealedSecret?
        if draft.authentication == .none {
            guard draft.user == nil, draft.password == nil else {
                throw .invalid(field: draft.user != nil ? "user" : "password", rule: "only with an authentication mechanism (plain, login or cram_md5)")
            }
        } else {
            guard draft.security != .none else {
                throw .invalid(field: "authentication", rule: "needs security starttls or tls: the password must not cross the network in clear")
            }
            guard let user = draft.user, (1...255).contains(user.utf8.count), user.utf8.allSatisfy({ $0 > 0x20 && $0 <= 0x7E }) else {
                throw .invalid(field: "user", rule: "1 to 255 printable ASCII characters without spaces, required with authentication")
            }
            switch (draft.password, current?.password) {
            case let (text?, stored):
                try DomainRules.trunkPassword(text)
                password = stored.flatMap { (try? sealing.open($0)) == text ? $0 : nil } ?? sealing.seal(text)
            case let (nil, stored?):
                password = stored
            case (nil, nil):
                throw .invalid(field: "password", rule: "required with authentication the first time; absent keeps the stored one")
            }
        }
        let settings = SMTPServerSettings(
            host: draft.host, port: port, security: draft.security, authentication: draft.authentication, user: draft.user, password: password,
            sender: draft.sender, caFile: draft.caFile)
        guard settings != current else { return [] }
        return [.smtpServerSet(settings)]
    }
}
