extension SystemState {
    /// A new user. Each user needs a licence and the system holds at most
    /// ``CapacityLimit/users`` of them (manual §3.1.2, Tab. 13). A public emergency number is
    /// never a user's call number: the numbering plan resolves it as an emergency call first.
    func decideCreateUser(_ user: User) throws(DomainError) -> [DomainEvent] {
        let user = try Self.validated(user)
        guard users[user.number] == nil else {
            throw .conflict(
                code: "user_exists", "user_exists: a user with call number \(user.number) already exists",
                details: ["field": "number", "number": user.number])
        }
        try requireNotEmergencyNumber(user.number)
        guard users.count < CapacityLimit.users.max else { throw .capacityExceeded(.users) }
        return [.userCreated(user)]
    }

    /// Changes what the patch names — name, e-mail (`.some(nil)` clears it), language — and keeps
    /// the rest; the call number identifies the user and stays. The merge is here, not in a
    /// front end, so the API, the CLI and a web admin change a user alike.
    func decideUpdateUser(_ number: String, _ patch: UserPatch) throws(DomainError) -> [DomainEvent] {
        guard var user = users[number] else { throw .notFound("user", number) }
        let current = user
        if let name = patch.name { user.name = name }
        if let email = patch.email { user.email = email }
        if let language = patch.language { user.language = language }
        user = try Self.validated(user)
        guard current != user else { return [] }
        return [.userUpdated(user)]
    }

    /// A user who still has terminals is refused rather than leaving terminals pointing at a
    /// number that no longer exists; the error lists them so they can be unassigned first. The
    /// user leaves their message groups and forwardings to them end in the same decision
    /// (``telephonyEventsForDeleting(user:)``), before the deletion itself.
    func decideDeleteUser(_ number: String) throws(DomainError) -> [DomainEvent] {
        guard users[number] != nil else { throw .notFound("user", number) }
        let assigned = terminals(ofUser: number).map(\.id)
        guard assigned.isEmpty else {
            let list = assigned.map(String.init).joined(separator: ",")
            throw .conflict(
                code: "user_has_terminals",
                "user_has_terminals: user \(number) still has terminals \(list) assigned; unassign or delete them first",
                details: ["number": number, "terminals": list])
        }
        try requireNoDDI(for: number)
        return try telephonyEventsForDeleting(user: number) + [.userDeleted(number: number)]
    }

    /// The user as it will be recorded: every field checked, the language in its normal form.
    private static func validated(_ user: User) throws(DomainError) -> User {
        try DomainRules.callNumber(user.number)
        try DomainRules.displayName(user.name)
        if let email = user.email { try DomainRules.email(email) }
        var normalised = user
        normalised.language = try DomainRules.language(user.language)
        return normalised
    }
}
