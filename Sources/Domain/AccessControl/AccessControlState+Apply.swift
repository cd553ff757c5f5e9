extension AccessControlState {
    mutating func apply(passwordSet name: String, hash: SealedSecret, mustChange: Bool) {
        let key = UserAccount.key(name)
        guard var account = accounts[key] else { return }
        account.passwordHashes.insert(hash, at: 0)
        account.passwordHashes = Array(account.passwordHashes.prefix(CapacityLimit.passwordHistory.max))
        account.mustChangePassword = mustChange
        // §5.3.1.3: a blocked account is reactivated by an administrator setting a new password.
        account.blocked = false
        account.consecutiveFailures = 0
        accounts[key] = account
    }

    /// Mutates the account where it is stored: a copy taken out and put back shares its access
    /// log with the dictionary's, so every attempt copied the whole log first.
    mutating func apply(access attempt: AccessAttempt) {
        accounts[attempt.account]?.record(attempt)
    }
}
