import AccessControl
import Testing

/// Issue 13, point 16: failed logins wait, doubling, per source and per account; a burst is not
/// let through before the first verdicts; the owner's own address is spared; all on virtual time.
@Suite struct LoginThrottleTests {
    static let second: Int64 = 1_000_000

    /// Fails `count` logins one after the other, each at its earliest; returns the time after.
    static func fail(_ throttle: LoginThrottle, _ count: Int, source: String, account: String, from start: Int64) -> Int64 {
        var now = start
        for _ in 0..<count {
            if let wait = throttle.admit(source: source, account: account, now: now) {
                now += wait
                #expect(throttle.admit(source: source, account: account, now: now) == nil)
            }
            throttle.finished(source: source, account: account, succeeded: false, now: now)
        }
        return now
    }

    @Test("five free failures per source, then 1 s, 2 s, 4 s … up to 5 minutes")
    func doublingPerSource() {
        let throttle = LoginThrottle()
        var now = Self.fail(throttle, 5, source: "10.0.0.9", account: "a", from: 0)
        #expect(now == 0, "the first five do not wait")
        var waits: [Int64] = []
        for attempt in 0..<12 {
            let account = "name-\(attempt)"  // other names: only the source's count matters here
            let wait = throttle.admit(source: "10.0.0.9", account: account, now: now)
            waits.append(wait ?? 0)
            now += wait ?? 0
            #expect(throttle.admit(source: "10.0.0.9", account: account, now: now) == nil)
            throttle.finished(source: "10.0.0.9", account: account, succeeded: false, now: now)
        }
        #expect(waits.map { $0 / Self.second } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300])
        #expect(throttle.admit(source: "10.0.0.8", account: "other", now: now) == nil, "another source does not wait")
    }

    @Test("a burst of concurrent guesses: only the free ones are checked before the first verdict")
    func burst() {
        let throttle = LoginThrottle()
        let admitted = (0..<64).filter { _ in throttle.admit(source: "10.0.0.2", account: "admin", now: 0) == nil }
        #expect(admitted.count == 5)
    }

    @Test("an account guessed from many sources waits for new sources, not for the one its owner used")
    func perAccount() {
        let throttle = LoginThrottle()
        #expect(throttle.admit(source: "10.0.0.1", account: "admin", now: 0) == nil)
        throttle.finished(source: "10.0.0.1", account: "admin", succeeded: true, now: 0)
        var now: Int64 = 0
        for source in ["10.0.0.3", "10.0.0.4"] { now = Self.fail(throttle, 5, source: source, account: "admin", from: now) }
        let wait = throttle.admit(source: "10.0.0.5", account: "admin", now: now)
        #expect(wait == Self.second, "after ten failures the account waits 1 s")
        #expect(throttle.admit(source: "10.0.0.1", account: "admin", now: now) == nil, "the owner's source logs in")
        throttle.finished(source: "10.0.0.1", account: "admin", succeeded: true, now: now)
        #expect(throttle.admit(source: "10.0.0.5", account: "admin", now: now) == nil, "a success clears the account's failures")
    }

    @Test("failures are forgotten after 15 minutes without one")
    func forgetting() {
        let throttle = LoginThrottle()
        let now = Self.fail(throttle, 8, source: "10.0.0.7", account: "x", from: 0)
        #expect(throttle.admit(source: "10.0.0.7", account: "y", now: now) != nil)
        #expect(throttle.admit(source: "10.0.0.7", account: "y", now: now + 900 * Self.second) == nil)
    }
}
