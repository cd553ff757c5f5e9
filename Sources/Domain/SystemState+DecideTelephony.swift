extension SystemState {
    // MARK: Users' telephony settings

    /// Changes what the patch names of a user's telephony settings (issue 15, points 4 and 5).
    /// A call forwarding goes to another existing user and never round in a circle back to this
    /// one, so the call core can follow a chain of forwardings to its end without counting.
    func decideSetUserTelephony(_ number: String, _ patch: UserTelephonyPatch) throws(DomainError) -> [DomainEvent] {
        guard users[number] != nil else { throw .notFound("user", number) }
        let current = telephony(ofUser: number)
        var updated = current
        if let access = patch.remoteMaintenanceAccess { updated.remoteMaintenanceAccess = access }
        if let busyOnBusy = patch.busyOnBusy { updated.busyOnBusy = busyOnBusy }
        if let target = patch.callForwardingUnconditional { updated.callForwardingUnconditional = target }
        if let target = updated.callForwardingUnconditional, target != current.callForwardingUnconditional {
            try requireForwardingTarget(target, of: number)
        }
        guard updated != current else { return [] }
        return [.userTelephonySet(updated)]
    }

    private func requireForwardingTarget(_ target: String, of number: String) throws(DomainError) {
        let field = "callForwardingUnconditional"
        try DomainRules.callNumber(target, field: field)
        guard target != number else {
            throw DomainError(
                kind: .validation, code: "forwarding_to_self",
                message: "forwarding_to_self: \(field): user \(number) cannot forward calls to their own number",
                details: ["field": field, "number": number])
        }
        guard users[target] != nil else { throw .unknownUser(field: field, number: target) }
        // The chain from the target: each step is a user that exists, and the configuration
        // holds no circle (this check keeps it so), so it ends within users.count steps.
        var chain = [number, target]
        var next = target
        while let onward = telephony.users[next]?.callForwardingUnconditional {
            chain.append(onward)
            guard onward != number else {
                let path = chain.joined(separator: " → ")
                throw .conflict(
                    code: "forwarding_loop", "forwarding_loop: \(field): \(path) would forward calls in a circle",
                    details: ["field": field, "number": number, "chain": path])
            }
            next = onward
        }
    }

    // MARK: Message groups

    /// Creates or replaces a message group: a number 1…50, a name, and at most 16 existing users
    /// (manual Tab. 13). Members are a set: each is kept once, in call-number order.
    func decideSetMessageGroup(_ group: MessageGroup) throws(DomainError) -> [DomainEvent] {
        try Self.requireMessageGroupNumber(group.number)
        try DomainRules.displayName(group.name)
        for member in group.members {
            try DomainRules.callNumber(member, field: "members")
            guard users[member] != nil else { throw .unknownUser(field: "members", number: member) }
        }
        var normalised = group
        normalised.members = Set(group.members).sorted(by: Self.callNumberOrder)
        guard normalised.members.count <= CapacityLimit.messageGroupMembers.max else { throw .capacityExceeded(.messageGroupMembers) }
        let current = messageGroup(group.number)
        if current == nil, telephony.messageGroups.count >= CapacityLimit.messageGroups.max { throw .capacityExceeded(.messageGroups) }
        guard normalised != current else { return [] }
        return [.messageGroupSet(normalised)]
    }

    func decideDeleteMessageGroup(number: Int) throws(DomainError) -> [DomainEvent] {
        guard messageGroup(number) != nil else { throw .notFound("message_group", String(number)) }
        return [.messageGroupDeleted(number: number)]
    }

    static func requireMessageGroupNumber(_ number: Int) throws(DomainError) {
        let range = 1...CapacityLimit.messageGroups.max
        guard range.contains(number) else {
            throw .invalid(
                field: "number",
                rule: "a message group number \(range.lowerBound) to \(range.upperBound) (message_groups, \(CapacityLimit.messageGroups.reference))")
        }
    }

    // MARK: Emergency numbers

    /// The public emergency numbers (at most 20, manual Tab. 13; `nil` follows the country) and
    /// the user emergency calls reach while there is no trunk. A number is never both a user's
    /// and an emergency number, so dialling it means one thing only; at least one emergency
    /// number always remains.
    func decideSetEmergencySettings(_ settings: EmergencySettings) throws(DomainError) -> [DomainEvent] {
        var normalised = settings
        if let numbers = settings.numbers {
            for number in numbers { try DomainRules.callNumber(number, field: "numbers") }
            var seen = Set<String>()
            normalised.numbers = numbers.filter { seen.insert($0).inserted }
            guard let kept = normalised.numbers, !kept.isEmpty else {
                throw .invalid(field: "numbers", rule: "at least one public emergency number; null follows the country's defaults")
            }
            guard kept.count <= CapacityLimit.publicEmergencyNumbers.max else { throw .capacityExceeded(.publicEmergencyNumbers) }
        }
        if let destination = settings.internalDestination {
            try DomainRules.callNumber(destination, field: "internalDestination")
            guard users[destination] != nil else { throw .unknownUser(field: "internalDestination", number: destination) }
        }
        try requireNoUserAmong(normalised.effectiveNumbers(country: identity.country), field: "numbers")
        guard normalised != telephony.emergency else { return [] }
        return [.emergencySettingsSet(normalised)]
    }

    // MARK: Media relay

    /// The relay's port range must lie above the well-known ports and hold the pairs of at
    /// least one call (``MediaRelaySettings/pairsPerCall``); a range that holds fewer pairs than
    /// the VoIP channels allow only makes "Too few VoIP channels" come sooner. A new range
    /// applies to calls set up after it; calls in progress keep their ports.
    func decideSetMediaRelay(_ settings: MediaRelaySettings) throws(DomainError) -> [DomainEvent] {
        let limit = CapacityLimit.relayPort
        for (field, port) in [("firstPort", settings.firstPort), ("lastPort", settings.lastPort)] where !(limit.min...limit.max).contains(port) {
            throw .outOfRange(limit, field: field, value: port)
        }
        let firstPair = settings.firstPort + settings.firstPort % 2
        guard settings.lastPort >= firstPair + 2 * MediaRelaySettings.pairsPerCall - 1 else {
            throw .invalid(
                field: "lastPort",
                rule: "the range must hold \(MediaRelaySettings.pairsPerCall) RTP/RTCP port pairs (an even port and the next) for one relayed call")
        }
        guard settings != telephony.mediaRelay || telephony.mediaRelaySet == nil else { return [] }
        return [.mediaRelaySet(settings)]
    }

    /// Refuses emergency numbers that are users' call numbers.
    func requireNoUserAmong(_ emergencyNumbers: [String], field: String) throws(DomainError) {
        guard let number = emergencyNumbers.first(where: { users[$0] != nil }) else { return }
        throw .conflict(
            code: "emergency_number_is_user",
            "emergency_number_is_user: \(field): \(number) is user \(number)'s call number; give the user another number first",
            details: ["field": field, "number": number])
    }

    /// Refuses a user's call number that is an emergency number.
    func requireNotEmergencyNumber(_ number: String) throws(DomainError) {
        guard emergencyNumbers.contains(number) else { return }
        throw .conflict(
            code: "number_is_emergency_number",
            "number_is_emergency_number: \(number) is a public emergency number and cannot be a user's call number",
            details: ["field": "number", "number": number])
    }

    // MARK: A deleted user

    /// What deleting a user takes with it, decided with the deletion so no state ever names a
    /// user that is gone: the user leaves every message group, and forwardings to the user are
    /// removed. The emergency destination is not cleared quietly: emergency calls would lose
    /// their way, so the deletion is refused until another destination is set.
    func telephonyEventsForDeleting(user number: String) throws(DomainError) -> [DomainEvent] {
        if telephony.emergency?.internalDestination == number {
            throw .conflict(
                code: "user_is_emergency_destination",
                "user_is_emergency_destination: user \(number) takes emergency calls while there is no trunk; set another internal destination first",
                details: ["number": number])
        }
        var events: [DomainEvent] = []
        for group in telephony.messageGroups.values.sorted(by: { $0.number < $1.number }) where group.members.contains(number) {
            var changed = group
            changed.members.removeAll { $0 == number }
            events.append(.messageGroupSet(changed))
        }
        let forwarding = telephony.users.values.filter { $0.callForwardingUnconditional == number }
        for settings in forwarding.sorted(by: { Self.callNumberOrder($0.number, $1.number) }) {
            var changed = settings
            changed.callForwardingUnconditional = nil
            events.append(.userTelephonySet(changed))
        }
        return events
    }

    /// Call numbers as numbers first (9 before 10), then as text.
    static func callNumberOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a < b
    }
}
