extension UserAccount {
    /// Keeps the last 20 attempts (§5.3.3), counts wrong passwords in a row, and blocks at the
    /// 15th (§5.3.1.3).
    mutating func record(_ attempt: AccessAttempt) {
        accessLog.append(attempt, keepingAtMost: CapacityLimit.logEntriesPerUserAccount.max)
        switch attempt.outcome {
        case .ok:
            consecutiveFailures = 0
        case .wrongPassword:
            consecutiveFailures += 1
            if consecutiveFailures >= CapacityLimit.failedLoginsBeforeBlock.max { blocked = true }
        case .blocked, .interfaceNotPermitted, .sessionLimit, .passwordChangeRequired:
            break
        }
    }
}
