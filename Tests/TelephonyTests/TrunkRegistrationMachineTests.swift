import Domain
import SIP
import Testing

@testable import Telephony

/// Issue 16, point 1: when a SIP account registers with its provider, how each answer is taken,
/// and that availability is reported exactly on its changes (manual Tab. 24) — all on times
/// given as arguments, so an hour of refreshes and back-offs takes no time.
@Suite struct TrunkRegistrationMachineTests {
    typealias Machine = TrunkRegistration.StateMachine
    static let start: Int64 = 1_767_225_600_000_000
    static let second: Int64 = 1_000_000

    static func challenge(nonce: String = "n1", stale: Bool = false) -> SIPDigestChallenge {
        SIPDigestChallenge(realm: "carrier", nonce: nonce, stale: stale, algorithm: .md5, qopOptions: [.auth])
    }

    /// Drives one attempt to a final answer: due, then `statuses` in turn.
    static func attempt(_ machine: inout Machine, at now: Int64, answers statuses: [Int], granted: Int? = nil, minExpires: Int? = nil) -> [Machine.Action] {
        var actions = [machine.due(at: now)]
        for status in statuses {
            actions.append(
                machine.answered(status: status, challenges: [challenge()], proxyChallenges: [challenge()], granted: granted, minExpires: minExpires, at: now))
        }
        return actions
    }

    @Test("the first attempt answers the challenge once, registers and reports nothing; the refresh comes a minute before the end")
    func firstRegistration() {
        var machine = Machine(interval: 3600, availability: .unknown, now: Self.start)
        let actions = Self.attempt(&machine, at: Self.start, answers: [401, 200], granted: 3600)
        #expect(actions[0] == .register(expires: 3600, challenge: nil, proxy: false))
        #expect(actions[1] == .register(expires: 3600, challenge: Self.challenge(), proxy: false))
        #expect(actions[2] == .none, "a first success is no change")
        #expect(machine.availability == .available)
        #expect(machine.state == .registered(expiresAt: Self.start + 3600 * Self.second, refreshAt: Self.start + 3540 * Self.second))
        #expect(machine.due(at: Self.start + 3539 * Self.second) == .none)
        #expect(machine.due(at: Self.start + 3540 * Self.second) == .register(expires: 3600, challenge: nil, proxy: false))
    }

    @Test("a closed TCP or TLS flow registers again at once, but not sooner than 30 s after the last success; waiting or registering it changes nothing")
    func flowClosed() {
        var machine = Machine(interval: 3600, availability: .unknown, now: Self.start)
        #expect(machine.flowClosed(at: Self.start) == .none, "not registered yet")
        _ = Self.attempt(&machine, at: Self.start, answers: [200], granted: 3600)
        // Closed straight after the answer (a provider that hangs up every connection): no loop.
        #expect(machine.flowClosed(at: Self.start + 5 * Self.second) == .none)
        #expect(machine.state == .waiting(until: Self.start + 30 * Self.second))
        #expect(machine.due(at: Self.start + 30 * Self.second) == .register(expires: 3600, challenge: nil, proxy: false))
        _ = machine.answered(status: 200, challenges: [], proxyChallenges: [], granted: 3600, minExpires: nil, at: Self.start + 30 * Self.second)
        // Closed ten minutes later: at once, and availability untouched until the answer.
        #expect(machine.flowClosed(at: Self.start + 630 * Self.second) == .register(expires: 3600, challenge: nil, proxy: false))
        #expect(machine.availability == .available)
        #expect(machine.flowClosed(at: Self.start + 631 * Self.second) == .none, "an attempt is on its way")
    }

    @Test("a short grant is refreshed at half its time; a 407 is answered in Proxy-Authorization")
    func shortGrantAndProxy() {
        var machine = Machine(interval: 3600, availability: .unknown, now: Self.start)
        let actions = Self.attempt(&machine, at: Self.start, answers: [407, 200], granted: 60)
        #expect(actions[1] == .register(expires: 3600, challenge: Self.challenge(), proxy: true))
        #expect(machine.state == .registered(expiresAt: Self.start + 60 * Self.second, refreshAt: Self.start + 30 * Self.second))
    }

    @Test("credentials refused twice mean no permission (cause 1), reported once; the back-off doubles to half an hour")
    func noPermissionAndBackoff() {
        var machine = Machine(interval: 600, availability: .unknown, now: Self.start)
        var now = Self.start
        let first = Self.attempt(&machine, at: now, answers: [401, 401])
        #expect(first.last == .report(.notAvailable(.noPermission)))
        var waits: [Int64] = []
        for _ in 0..<8 {
            guard case .waiting(let until) = machine.state else {
                Issue.record("not waiting: \(machine.state)")
                return
            }
            waits.append((until - now) / Self.second)
            #expect(machine.due(at: until - 1) == .none, "never early")
            now = until
            let again = Self.attempt(&machine, at: now, answers: [403])
            #expect(again.last == Machine.Action.none, "the same cause again is no change")
        }
        #expect(waits == [30, 60, 120, 240, 480, 960, 1800, 1800])
        #expect(machine.failures == 9)
    }

    @Test("no answer is cause 0; a refusal of the credentials after it is a change to cause 1; success reports availability and resets the back-off")
    func causesChange() {
        var machine = Machine(interval: 600, availability: .unknown, now: Self.start)
        #expect(machine.due(at: Self.start) == .register(expires: 600, challenge: nil, proxy: false))
        #expect(machine.failed(at: Self.start) == .report(.notAvailable(.providerUnobtainable)))
        let later = Self.start + 30 * Self.second
        #expect(Self.attempt(&machine, at: later, answers: [403]).last == .report(.notAvailable(.noPermission)))
        let recovered = later + 60 * Self.second
        #expect(Self.attempt(&machine, at: recovered, answers: [200]).last == .report(.available))
        #expect(machine.failures == 0)
        // Then silence: unobtainable again, and the back-off starts from 30 s.
        let refresh = recovered + 540 * Self.second
        #expect(machine.due(at: refresh) != .none)
        #expect(machine.failed(at: refresh) == .report(.notAvailable(.providerUnobtainable)))
        #expect(machine.state == .waiting(until: refresh + 30 * Self.second))
    }

    @Test("a 5xx and an unknown 4xx are cause 0; 404 is cause 1; a 200 with no Expires keeps the interval asked for")
    func otherStatuses() {
        for (status, cause) in [
            (503, TrunkFailureCause.providerUnobtainable), (488, .providerUnobtainable), (404, .noPermission), (603, .providerUnobtainable),
        ] {
            var machine = Machine(interval: 600, availability: .unknown, now: Self.start)
            #expect(Self.attempt(&machine, at: Self.start, answers: [status]).last == .report(.notAvailable(cause)), "\(status)")
        }
        var machine = Machine(interval: 600, availability: .notAvailable(.providerUnobtainable), now: Self.start)
        #expect(Self.attempt(&machine, at: Self.start, answers: [200]).last == .report(.available), "a message open at the start is closed")
        #expect(machine.state == .registered(expiresAt: Self.start + 600 * Self.second, refreshAt: Self.start + 540 * Self.second))
    }

    @Test("a stale nonce is answered once more; a 423 once with its Min-Expires, a second 423 or one beyond a day is a failure")
    func staleAndTooBrief() {
        var machine = Machine(interval: 60, availability: .unknown, now: Self.start)
        _ = machine.due(at: Self.start)
        _ = machine.answered(status: 401, challenges: [Self.challenge()], proxyChallenges: [], granted: nil, minExpires: nil, at: Self.start)
        let stale = Self.challenge(nonce: "n2", stale: true)
        #expect(
            machine.answered(status: 401, challenges: [stale], proxyChallenges: [], granted: nil, minExpires: nil, at: Self.start)
                == .register(expires: 60, challenge: stale, proxy: false))
        #expect(
            machine.answered(status: 401, challenges: [stale], proxyChallenges: [], granted: nil, minExpires: nil, at: Self.start)
                == .report(.notAvailable(.noPermission)), "stale only once")

        var brief = Machine(interval: 60, availability: .unknown, now: Self.start)
        let actions = Self.attempt(&brief, at: Self.start, answers: [423], minExpires: 300)
        #expect(actions.last == .register(expires: 300, challenge: nil, proxy: false))
        #expect(
            brief.answered(status: 423, challenges: [], proxyChallenges: [], granted: nil, minExpires: 900, at: Self.start)
                == .report(.notAvailable(.providerUnobtainable)))
        #expect(brief.requestedExpires == 300, "the Min-Expires is kept for the next attempts")
        var tooLong = Machine(interval: 60, availability: .unknown, now: Self.start)
        #expect(Self.attempt(&tooLong, at: Self.start, answers: [423], minExpires: 86_401).last == .report(.notAvailable(.providerUnobtainable)))
    }

    @Test("answers outside an attempt are ignored; a 401 without a usable challenge is no permission")
    func strayAnswers() {
        var machine = Machine(interval: 600, availability: .unknown, now: Self.start)
        #expect(machine.answered(status: 200, challenges: [], proxyChallenges: [], granted: 600, minExpires: nil, at: Self.start) == .none)
        #expect(machine.failed(at: Self.start) == .none)
        #expect(machine.state == .waiting(until: Self.start))
        _ = machine.due(at: Self.start)
        #expect(
            machine.answered(status: 401, challenges: [], proxyChallenges: [], granted: nil, minExpires: nil, at: Self.start)
                == .report(.notAvailable(.noPermission)))
    }
}
