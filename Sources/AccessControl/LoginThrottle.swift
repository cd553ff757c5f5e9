import Synchronization

/// Slows failed logins down per source address and per account (issue 13, point 16), in
/// memory, before any password is hashed or any access attempt is appended: a flood of guesses
/// gets `429` with `Retry-After` instead of a verdict, so it neither guesses fast, nor fills the
/// access log, nor takes the CPU (a scrypt check each) the real administrator's login needs.
///
/// The manual's lock-out (15 wrong passwords in a row block the account, §5.3.1.3) stays as it
/// is; this comes first and makes reaching it slow. The rules:
/// - A source may have ``Policy/source``'s free failures (attempts still being checked count as
///   failures until they succeed); every failure beyond waits twice as long as the one before,
///   from 1 s up to 5 minutes.
/// - An account is throttled the same way across sources after more failures
///   (``Policy/account``), up to 1 minute — except for a source that logged in to it before:
///   a flood aimed at `admin` from elsewhere does not keep the administrator at their own desk out.
/// - A success clears its source's and its account's failures; 15 minutes without a failure
///   forget them.
public final class LoginThrottle: Sendable {
    public struct Policy: Sendable, Hashable {
        /// Failures (and checks in flight) allowed before any wait.
        public var freeFailures: Int
        public var firstDelay: Int64
        public var maximumDelay: Int64
        /// Failures older than this (µs since the last one) are forgotten.
        public var forgetAfter: Int64

        public static let source = Policy(freeFailures: 5, firstDelay: 1_000_000, maximumDelay: 300_000_000, forgetAfter: 900_000_000)
        public static let account = Policy(freeFailures: 10, firstDelay: 1_000_000, maximumDelay: 60_000_000, forgetAfter: 900_000_000)

        /// How long after the `failures`-th failure the next attempt must wait.
        func delay(after failures: Int) -> Int64 {
            let beyond = failures - freeFailures
            guard beyond >= 0 else { return 0 }
            return beyond >= 30 ? maximumDelay : min(maximumDelay, firstDelay << beyond)
        }
    }

    private struct Record: Sendable {
        var failures = 0
        var checking = 0
        var lastFailure: Int64 = 0
        var waitUntil: Int64 = 0
    }

    private struct Records: ~Copyable {
        var sources: [String: Record] = [:]
        var accounts: [String: Record] = [:]
        /// The sources that logged in to each account (at most ``trustedPerAccount`` each).
        var trusted: [String: Set<String>] = [:]
    }

    /// Beyond this many remembered sources or accounts the forgotten ones are swept out, so a
    /// flood from many addresses cannot grow the memory without bound.
    static let sweepAbove = 10_000
    static let trustedPerAccount = 16

    let sourcePolicy: Policy
    let accountPolicy: Policy
    private let records = Mutex(Records())

    public init(source: Policy = .source, account: Policy = .account) {
        sourcePolicy = source
        accountPolicy = account
    }

    /// A login attempt about to be checked. Returns the µs to wait when it must not be checked
    /// now; otherwise the attempt is counted as being checked until ``finished(source:account:succeeded:now:)``.
    public func admit(source: String, account: String, now: Int64) -> Int64? {
        records.withLock { records -> Int64? in
            var bySource = Self.current(records.sources[source], now: now, policy: sourcePolicy)
            var byAccount = Self.current(records.accounts[account], now: now, policy: accountPolicy)
            let trusted = records.trusted[account]?.contains(source) ?? false
            var wait = max(Self.wait(bySource, now: now, policy: sourcePolicy), 0)
            if !trusted { wait = max(wait, Self.wait(byAccount, now: now, policy: accountPolicy)) }
            guard wait == 0 else { return wait }
            bySource.checking += 1
            byAccount.checking += 1
            records.sources[source] = bySource
            records.accounts[account] = byAccount
            if records.sources.count > Self.sweepAbove || records.accounts.count > Self.sweepAbove {
                records.sources = records.sources.filter { Self.isRemembered($0.value, now: now, policy: sourcePolicy) }
                records.accounts = records.accounts.filter { Self.isRemembered($0.value, now: now, policy: accountPolicy) }
            }
            return nil
        }
    }

    /// The attempt ``admit(source:account:now:)`` let through was checked.
    public func finished(source: String, account: String, succeeded: Bool, now: Int64) {
        records.withLock { records in
            if succeeded {
                records.sources[source] = nil
                records.accounts[account] = nil
                var trusted = records.trusted[account] ?? []
                if trusted.count >= Self.trustedPerAccount, !trusted.contains(source), let oldest = trusted.first { trusted.remove(oldest) }
                trusted.insert(source)
                records.trusted[account] = trusted
                return
            }
            records.sources[source] = Self.failed(records.sources[source], now: now, policy: sourcePolicy)
            records.accounts[account] = Self.failed(records.accounts[account], now: now, policy: accountPolicy)
        }
    }

    /// A record whose failures are older than the policy remembers starts again.
    private static func current(_ record: Record?, now: Int64, policy: Policy) -> Record {
        guard var record else { return Record() }
        if record.checking == 0, record.failures > 0, now - record.lastFailure >= policy.forgetAfter { record = Record() }
        return record
    }

    /// The µs still to wait: while an earlier failure's delay runs, or while the failures and the
    /// checks in flight already reach the free ones (a burst of concurrent guesses is not let
    /// through before the first verdicts are in).
    private static func wait(_ record: Record, now: Int64, policy: Policy) -> Int64 {
        if record.waitUntil > now { return record.waitUntil - now }
        if record.failures + record.checking >= policy.freeFailures, record.checking > 0 { return policy.firstDelay }
        return 0
    }

    private static func failed(_ record: Record?, now: Int64, policy: Policy) -> Record {
        var record = record ?? Record()
        record.checking = max(0, record.checking - 1)
        record.failures += 1
        record.lastFailure = now
        record.waitUntil = now + policy.delay(after: record.failures)
        return record
    }

    private static func isRemembered(_ record: Record, now: Int64, policy: Policy) -> Bool {
        record.checking > 0 || now - record.lastFailure < policy.forgetAfter
    }
}
