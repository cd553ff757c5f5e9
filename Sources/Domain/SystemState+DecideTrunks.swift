extension SystemState {
    // MARK: SIP providers

    /// Creates or replaces a provider (issue 16, point 1; manual Tab. 13: at most 10). Host and
    /// outbound proxy are checked for form only: a name that does not resolve today may
    /// tomorrow, and the trunk's registration reports it ("SIP account not available", cause 0).
    func decideSetSIPProvider(_ provider: SIPProvider) throws(DomainError) -> [DomainEvent] {
        try Self.requireTrunkNumber(provider.number, limit: .sipProviders, field: "provider number")
        try DomainRules.displayName(provider.name)
        try DomainRules.hostName(provider.host, field: "host")
        guard CapacityLimit.port.range.contains(provider.port) else { throw .outOfRange(.port, field: "port", value: provider.port) }
        if let caFile = provider.caFile {
            guard provider.transport == .tls else {
                throw .invalid(field: "caFile", rule: "applies to transport tls only: a \(provider.transport.rawValue) trunk has no certificate to verify")
            }
            try Self.checkPath(caFile, field: "caFile")
        }
        if let proxy = provider.outboundProxy { try DomainRules.hostAndPort(proxy, field: "outboundProxy") }
        let interval = CapacityLimit.trunkRegistrationIntervalSeconds
        guard interval.range.contains(provider.registerIntervalSeconds) else {
            throw .outOfRange(interval, field: "registerIntervalSeconds", value: provider.registerIntervalSeconds)
        }
        let current = trunks.providers[String(provider.number)]
        if current == nil, trunks.providers.count >= CapacityLimit.sipProviders.max { throw .capacityExceeded(.sipProviders) }
        guard current != provider else { return [] }
        return [.sipProviderSet(provider)]
    }

    func decideDeleteSIPProvider(number: Int) throws(DomainError) -> [DomainEvent] {
        guard trunks.providers[String(number)] != nil else { throw .notFound("sip_provider", String(number)) }
        let users = trunks.accounts.values.filter { $0.provider == number }.map(\.number).sorted()
        guard users.isEmpty else {
            let list = users.map(String.init).joined(separator: ", ")
            throw .conflict(
                code: "provider_in_use", "provider_in_use: SIP provider \(number) still has accounts \(list); delete or move them first",
                details: ["provider": String(number), "accounts": list])
        }
        return [.sipProviderDeleted(number: number)]
    }

    // MARK: SIP accounts

    /// Creates or replaces an account (manual Tab. 15: at most 10 "SIP access"). Its provider
    /// exists; the channels of all accounts together stay within 240 and their DDI entries within
    /// 4,000 numbers (Tab. 13), and no DDI number belongs to two accounts, so an incoming call's
    /// number names one account.
    func decideSetSIPAccount(_ draft: SIPAccountDraft, sealing: any SecretSealing) throws(DomainError) -> [DomainEvent] {
        try Self.requireTrunkNumber(draft.number, limit: .sipAccounts, field: "account number")
        guard trunks.providers[String(draft.provider)] != nil else {
            throw .invalid(field: "provider", rule: "no SIP provider \(draft.provider); configure the provider first")
        }
        try DomainRules.sipUserPart(draft.user, field: "user")
        if let authName = draft.authName { try DomainRules.sipUserPart(authName, field: "authName") }
        let current = trunks.accounts[String(draft.number)]
        if current == nil, trunks.accounts.count >= CapacityLimit.sipAccounts.max { throw .capacityExceeded(.sipAccounts) }
        let channels = CapacityLimit.sipAccessChannels
        guard (1...channels.max).contains(draft.channels) else { throw .outOfRange(channels, field: "channels", value: draft.channels) }
        let others = trunks.accounts.values.filter { $0.number != draft.number }
        if others.reduce(draft.channels, { $0 + $1.channels }) > channels.max { throw .capacityExceeded(channels) }
        try requireDDIs(draft.ddis, beside: others)

        let password: SealedSecret
        switch (draft.password, current) {
        case let (text?, current):
            try DomainRules.trunkPassword(text)
            if let current, (try? sealing.open(current.password)) == text {
                password = current.password
            } else {
                password = sealing.seal(text)
            }
        case let (nil, current?):
            password = current.password
        case (nil, nil):
            throw .invalid(field: "password", rule: "a new account needs the password its provider gave")
        }
        let account = SIPAccount(
            number: draft.number, provider: draft.provider, user: draft.user, authName: draft.authName, password: password,
            ddis: draft.ddis, channels: draft.channels)
        guard account != current else { return [] }
        try requireDDIPlanCarried(by: others + [account])
        return [.sipAccountSet(account)]
    }

    func decideDeleteSIPAccount(number: Int) throws(DomainError) -> [DomainEvent] {
        guard trunks.accounts[String(number)] != nil else { throw .notFound("sip_account", String(number)) }
        try requireDDIPlanCarried(by: trunks.accounts.values.filter { $0.number != number })
        return [.sipAccountDeleted(number: number)]
    }

    private func requireDDIs(_ entries: [String], beside others: [SIPAccount]) throws(DomainError) {
        var ranges: [DDIRange] = []
        for entry in entries {
            let range = try DDIRange(entry)
            if let taken = ranges.first(where: range.overlaps) {
                throw .invalid(field: "ddis", rule: "\(entry) overlaps \(taken)")
            }
            ranges.append(range)
        }
        var total = 0
        for other in others {
            for entry in other.ddis {
                guard let range = try? DDIRange(entry) else { continue }
                total = total.addingReportingOverflow(range.count).overflow ? .max : total + range.count
                if let clash = ranges.first(where: range.overlaps) {
                    throw .conflict(
                        code: "ddi_taken", "ddi_taken: ddis: \(clash) overlaps \(entry) of SIP account \(other.number)",
                        details: ["field": "ddis", "account": String(other.number), "entry": entry])
                }
            }
        }
        for range in ranges { total = total.addingReportingOverflow(range.count).overflow ? .max : total + range.count }
        guard total <= CapacityLimit.ddiNumbers.max else { throw .capacityExceeded(.ddiNumbers) }
    }

    // MARK: Routing

    /// The exchange access code: 1 to 4 digits, and no user's call number may begin with it —
    /// with overlap dialling the phone sends digits as they are dialled, and a call number that
    /// starts like an outside call could never be told from one.
    func decideSetTrunkRouting(_ routing: TrunkRouting) throws(DomainError) -> [DomainEvent] {
        let code = routing.exchangeAccessCode
        guard (1...4).contains(code.utf8.count), code.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .invalid(field: "exchangeAccessCode", rule: "1 to 4 digits 0-9")
        }
        if let user = users.keys.sorted().first(where: { $0.hasPrefix(code) }) {
            throw .conflict(
                code: "access_code_begins_user_number",
                "access_code_begins_user_number: exchangeAccessCode: user \(user)'s call number begins with \(code)",
                details: ["field": "exchangeAccessCode", "number": user])
        }
        if let number = emergencyNumbers.first(where: { $0.hasPrefix(code) }) {
            throw .conflict(
                code: "access_code_begins_emergency_number",
                "access_code_begins_emergency_number: exchangeAccessCode: the emergency number \(number) begins with \(code)",
                details: ["field": "exchangeAccessCode", "number": number])
        }
        guard routing != trunks.routing || trunks.routingSet == nil else { return [] }
        return [.trunkRoutingSet(routing)]
    }

    // MARK: The DDI plan

    /// The DDI plan as a whole: at most 4,000 rows (Tab. 13 "Total DDI numbers"), each a number
    /// or range the accounts carry (a row no provider delivers would never ring), none
    /// overlapping another, each to an existing user; the default destination an existing user.
    func decideSetDDIPlan(_ plan: DDIPlan) throws(DomainError) -> [DomainEvent] {
        guard plan.assignments.count <= CapacityLimit.ddiNumbers.max else { throw .capacityExceeded(.ddiNumbers) }
        var ranges: [DDIRange] = []
        for assignment in plan.assignments {
            let range = try DDIRange(assignment.ddi)
            if let taken = ranges.first(where: range.overlaps) { throw .invalid(field: "assignments", rule: "\(assignment.ddi) overlaps \(taken)") }
            let carriers = trunks.accounts.values.flatMap { $0.ddis.compactMap { try? DDIRange($0) } }
            guard carriers.contains(where: { $0.contains(range.first) && $0.contains(range.last) }) else {
                throw .invalid(field: "assignments", rule: "\(assignment.ddi) is not within the DDIs of a SIP account")
            }
            guard users[assignment.user] != nil else { throw .unknownUser(field: "assignments", number: assignment.user) }
            ranges.append(range)
        }
        if let destination = plan.defaultDestination, users[destination] == nil { throw .unknownUser(field: "defaultDestination", number: destination) }
        guard plan != trunks.ddiPlan || trunks.ddiPlanSet == nil else { return [] }
        return [.ddiPlanSet(plan)]
    }

    /// Every row of the DDI plan stays within the DDIs of `accounts` (the accounts after a
    /// change): a row no provider delivers any more would never ring.
    private func requireDDIPlanCarried(by accounts: [SIPAccount]) throws(DomainError) {
        let carriers = accounts.flatMap { $0.ddis.compactMap { try? DDIRange($0) } }
        for assignment in trunks.ddiPlan.assignments {
            guard let range = try? DDIRange(assignment.ddi) else { continue }
            guard carriers.contains(where: { $0.contains(range.first) && $0.contains(range.last) }) else {
                throw .conflict(
                    code: "ddi_in_plan", "ddi_in_plan: ddis: the DDI plan sends \(assignment.ddi) to user \(assignment.user); change the plan first",
                    details: ["field": "ddis", "ddi": assignment.ddi, "user": assignment.user])
            }
        }
    }

    /// The DDI plan's claim on a user about to be deleted: a row or the default destination
    /// naming them refuses the deletion, as the emergency destination does — calls from the
    /// public network quietly losing their way is worse than an administrator's extra step.
    func requireNoDDI(for number: String) throws(DomainError) {
        let plan = trunks.ddiPlan
        if let row = plan.assignments.first(where: { $0.user == number }) {
            throw .conflict(
                code: "user_has_ddi", "user_has_ddi: user \(number) is the destination of DDI \(row.ddi); change the DDI plan first",
                details: ["number": number, "ddi": row.ddi])
        }
        if plan.defaultDestination == number {
            throw .conflict(
                code: "user_is_ddi_default", "user_is_ddi_default: user \(number) is the DDI plan's default destination; change it first",
                details: ["number": number])
        }
    }

    static func requireTrunkNumber(_ number: Int, limit: CapacityLimit, field: String) throws(DomainError) {
        guard (1...limit.max).contains(number) else {
            throw .invalid(field: field, rule: "a number 1 to \(limit.max) (\(limit.rawValue), \(limit.reference))")
        }
    }
}
