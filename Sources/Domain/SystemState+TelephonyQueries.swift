extension SystemState {
    /// The user's telephony settings: the first start's defaults when none were set.
    public func telephony(ofUser number: String) -> UserTelephony {
        telephony.users[number] ?? UserTelephony(number: number)
    }

    /// Message group `number` (1…50), if configured.
    public func messageGroup(_ number: Int) -> MessageGroup? {
        telephony.messageGroups[String(number)]
    }

    /// The configured message groups by number.
    public var messageGroups: [MessageGroup] {
        telephony.messageGroups.values.sorted { $0.number < $1.number }
    }

    /// The users of message group `number` in call-number order: whom a system-phone
    /// destination shows an event message to (group 16 for system phone 1, 15 for system phone
    /// 2, manual §6.3.1.3). Empty for a group that is not configured.
    public func messageGroupMembers(_ number: Int) -> [User] {
        (messageGroup(number)?.members ?? []).compactMap { users[$0] }
    }

    /// The public emergency numbers in force: the administrator's list, or the defaults of the
    /// system's country.
    public var emergencyNumbers: [String] {
        (telephony.emergency ?? EmergencySettings()).effectiveNumbers(country: identity.country)
    }

    /// Whether the list follows the country's defaults (no administrator set one).
    public var emergencyNumbersFollowCountry: Bool {
        telephony.emergency?.numbers == nil
    }

    /// The user emergency calls go to while the system has no trunk; `nil`: they are answered
    /// 480 once "Emergency call started" is raised.
    public var emergencyDestination: String? {
        telephony.emergency?.internalDestination
    }
}
