extension SystemState {
    /// Checks each DoS protection setting against its range in ``CapacityLimit`` (issue 15,
    /// point 3; the manual's Tab. 24 names the settings but not their ranges): a count of 0
    /// turns that cause off, the window and the block last at least a second. Settings equal
    /// to the ones in force change nothing and are not logged.
    func decideSetDoSProtection(_ settings: DoSProtectionSettings) throws(DomainError) -> [DomainEvent] {
        let checks: [(CapacityLimit, String, Int)] = [
            (.dosFailedRegistrations, "failedRegistrations", settings.failedRegistrations),
            (.dosTransactions, "transactions", settings.transactions),
            (.dosRequestsWithoutSession, "requestsWithoutSession", settings.requestsWithoutSession),
            (.dosModifiedMessages, "modifiedMessages", settings.modifiedMessages),
            (.dosWindowSeconds, "windowSeconds", settings.windowSeconds),
            (.dosBlockSeconds, "blockSeconds", settings.blockSeconds),
        ]
        for (limit, field, value) in checks where !limit.range.contains(value) {
            throw .outOfRange(limit, field: field, value: value)
        }
        guard settings != dosProtection else { return [] }
        return [.dosProtectionSet(settings)]
    }
}
