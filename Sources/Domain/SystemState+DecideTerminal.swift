extension SystemState {
    /// A new SIP terminal with the next free id. Limits: all terminals together, the terminal's
    /// kind (manual §3.1.3, Tab. 14) and terminals per user (§3.1.2, Tab. 13) when assigned.
    func decideCreateTerminal(_ draft: TerminalDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        try DomainRules.registrationName(draft.registrationName)
        try DomainRules.password(draft.password)
        var macAddress: String?
        if let raw = draft.macAddress { macAddress = try DomainRules.macAddress(raw) }
        if let number = draft.userNumber { try requireUser(number) }

        try requireRegistrationNameFree(draft.registrationName, except: nil)
        if let macAddress { try requireMACAddressFree(macAddress, except: nil) }

        guard terminals.count < CapacityLimit.terminals.max else { throw .capacityExceeded(.terminals) }
        let kindLimit = draft.kind.capacityLimit
        guard terminals.values.count(where: { $0.kind == draft.kind }) < kindLimit.max else {
            throw .capacityExceeded(kindLimit)
        }
        if let number = draft.userNumber { try requireRoomForTerminal(of: number) }

        let terminal = Terminal(
            id: nextTerminalID, kind: draft.kind, registrationName: draft.registrationName,
            password: sealing.seal(draft.password), userNumber: draft.userNumber, macAddress: macAddress, srtp: draft.srtp)
        return [.terminalCreated(terminal)]
    }

    /// Applies the patch's fields with the same rules as creation; `userNumber: .some(nil)`
    /// unassigns and `macAddress: .some(nil)` removes the address. A new password equal to the
    /// stored one (checked by opening it) keeps the stored sealed text, so an unchanged form
    /// yields no event.
    func decideUpdateTerminal(id: Int, _ patch: TerminalPatch, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        guard let current = terminal(id: id) else { throw .notFound("terminal", String(id)) }
        var updated = current

        if let name = patch.registrationName {
            try DomainRules.registrationName(name)
            updated.registrationName = name
        }
        if let password = patch.password { try DomainRules.password(password) }
        if let macAddress = patch.macAddress {
            updated.macAddress = try macAddress.map { (raw) throws(DomainError) in try DomainRules.macAddress(raw) }
        }
        if let srtp = patch.srtp { updated.srtp = srtp }
        if let userNumber = patch.userNumber {
            if let number = userNumber { try requireUser(number) }
            updated.userNumber = userNumber
        }

        if updated.registrationName != current.registrationName {
            try requireRegistrationNameFree(updated.registrationName, except: id)
        }
        if let macAddress = updated.macAddress, macAddress != current.macAddress {
            try requireMACAddressFree(macAddress, except: id)
        }
        if let number = updated.userNumber, number != current.userNumber {
            try requireRoomForTerminal(of: number)
        }

        if let password = patch.password, (try? sealing.open(current.password)) != password {
            updated.password = sealing.seal(password)
        }
        guard updated != current else { return [] }
        return [.terminalUpdated(updated)]
    }

    func decideDeleteTerminal(id: Int) throws(DomainError) -> [DomainEvent] {
        guard terminal(id: id) != nil else { throw .notFound("terminal", String(id)) }
        return [.terminalDeleted(id: id)]
    }

    // MARK: - Checks shared by create and update

    /// A terminal can only be assigned to a user that exists. Reported as a field error of the
    /// terminal (not as "user not found"), since the request was about the terminal.
    private func requireUser(_ number: String) throws(DomainError) {
        guard users[number] != nil else {
            throw .invalid(field: "userNumber", rule: "must be the call number of an existing user")
        }
    }

    /// Registration names are compared ignoring case: SIP user parts reach the registrar in
    /// whatever case a phone sends them.
    private func requireRegistrationNameFree(_ name: String, except id: Int?) throws(DomainError) {
        if let holder = terminals.values.first(where: {
            $0.id != id && DomainRules.asciiEqualIgnoringCase($0.registrationName, name)
        }) {
            throw .conflict(
                code: "registration_name_taken",
                "registration_name_taken: terminal \(holder.id) already registers as \(holder.registrationName)",
                details: ["field": "registrationName", "terminal": String(holder.id)])
        }
    }

    /// One MAC address identifies one phone for provisioning, so two terminals cannot share it.
    private func requireMACAddressFree(_ macAddress: String, except id: Int?) throws(DomainError) {
        if let holder = terminals.values.first(where: { $0.id != id && $0.macAddress == macAddress }) {
            throw .conflict(
                code: "mac_address_taken",
                "mac_address_taken: terminal \(holder.id) already has MAC address \(macAddress)",
                details: ["field": "macAddress", "terminal": String(holder.id)])
        }
    }

    private func requireRoomForTerminal(of number: String) throws(DomainError) {
        guard terminals.values.count(where: { $0.userNumber == number }) < CapacityLimit.terminalsPerUser.max else {
            throw .capacityExceeded(.terminalsPerUser)
        }
    }
}
