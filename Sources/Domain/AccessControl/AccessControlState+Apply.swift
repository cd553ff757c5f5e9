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

    /// Keeps the last 20 attempts, counts wrong passwords in a row, and blocks at the 15th.
    mutating func apply(access attempt: AccessAttempt) {
        guard var account = accounts[attempt.account] else { return }
        account.accessLog.append(attempt)
        let overflow = account.accessLog.count - CapacityLimit.logEntriesPerUserAccount.max
        if overflow > 0 { account.accessLog.removeFirst(overflow) }
        switch attempt.outcome {
        case .ok:
            account.consecutiveFailures = 0
        case .wrongPassword:
            account.consecutiveFailures += 1
            if account.consecutiveFailures >= CapacityLimit.failedLoginsBeforeBlock.max { account.blocked = true }
        case .blocked, .interfaceNotPermitted, .sessionLimit:
            break
        }
        accounts[attempt.account] = account
    }
}
