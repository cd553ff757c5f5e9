import Domain
import SIP

extension TrunkRegistration {
    /// When one SIP account registers, and what each answer means (RFC 3261 §10.2; manual Tab. 24
    /// for what is reported). Pure: time comes in as an argument, so hours of re-registrations
    /// and back-offs are tested without waiting.
    ///
    /// - A registration is refreshed when half its granted time is gone, or a minute before it
    ///   runs out, whichever is later (a one-hour registration 60 s before, a one-minute one
    ///   after 30 s).
    /// - A challenge (401, 407) is answered once per attempt, and once more when the provider
    ///   says the nonce was stale (RFC 2617 §3.2.1); a 423 is answered once with the
    ///   Min-Expires asked for (§10.3 step 7), up to a day.
    /// - A failure waits 30 s, then twice as long after each further failure, up to 30 minutes
    ///   (RFC 5626 §4.5 uses the same base and cap for a flow that keeps failing). A change of
    ///   the account's settings starts over at once.
    /// - Availability changes are reported exactly when they happen: the first failure, a
    ///   failure with another cause, and the first success after a failure.
    struct StateMachine: Sendable {
        enum State: Sendable, Hashable {
            /// Registers at `until` (µs).
            case waiting(until: Int64)
            /// A REGISTER is on its way.
            case registering
            /// Registered until `expiresAt`; refreshes at `refreshAt`.
            case registered(expiresAt: Int64, refreshAt: Int64)
        }

        /// What the driver does next.
        enum Action: Sendable, Equatable {
            case none
            /// Sends a REGISTER asking for `expires` seconds, answering `challenge` when there is
            /// one (in `Proxy-Authorization` when `proxy`).
            case register(expires: Int, challenge: SIPDigestChallenge?, proxy: Bool)
            /// Reports the new availability (and waits as ``state`` says).
            case report(TrunkAvailability)
        }

        private(set) var state: State
        private(set) var availability: TrunkAvailability
        /// Failures in a row since the last success.
        private(set) var failures = 0
        /// When the last REGISTER succeeded.
        private(set) var registeredAt: Int64?
        /// Seconds the next REGISTER asks for.
        private(set) var requestedExpires: Int
        private var answeredChallenge = false
        private var answeredStale = false
        private var answeredTooBrief = false

        static let firstBackoffSeconds: Int64 = 30
        static let longestBackoffSeconds: Int64 = 1800

        init(interval: Int, availability: TrunkAvailability, now: Int64) {
            state = .waiting(until: now)
            self.availability = availability
            requestedExpires = interval
        }

        /// A REGISTER is due at `now`: starts an attempt.
        mutating func due(at now: Int64) -> Action {
            switch state {
            case .waiting(let until) where now >= until: break
            case .registered(_, let refreshAt) where now >= refreshAt: break
            default: return .none
            }
            state = .registering
            answeredChallenge = false
            answeredStale = false
            answeredTooBrief = false
            return .register(expires: requestedExpires, challenge: nil, proxy: false)
        }

        /// The final answer to the attempt's REGISTER. `granted` is the time the provider gave
        /// the binding (its Contact's `expires`, else Expires), `minExpires` a 423's
        /// Min-Expires.
        mutating func answered(
            status: Int, challenges: [SIPDigestChallenge], proxyChallenges: [SIPDigestChallenge], granted: Int?, minExpires: Int?, at now: Int64
        ) -> Action {
            guard state == .registering else { return .none }
            switch status {
            case 200..<300:
                let seconds = Int64(max(1, granted ?? requestedExpires))
                let expiresAt = now + seconds * 1_000_000
                let refreshAt = now + max(seconds / 2, seconds - 60) * 1_000_000
                state = .registered(expiresAt: expiresAt, refreshAt: refreshAt)
                registeredAt = now
                failures = 0
                let wasDown = if case .notAvailable = availability { true } else { false }
                availability = .available
                return wasDown ? .report(.available) : .none
            case 401, 407:
                let offered = status == 401 ? challenges : proxyChallenges
                guard let challenge = SIPDigestChallenge.preferred(among: offered) else { return fail(.noPermission, at: now) }
                if !answeredChallenge {
                    answeredChallenge = true
                } else if challenge.stale, !answeredStale {
                    answeredStale = true
                } else {
                    return fail(.noPermission, at: now)
                }
                return .register(expires: requestedExpires, challenge: challenge, proxy: status == 407)
            case 423:
                let limit = CapacityLimit.trunkRegistrationIntervalSeconds.max
                guard !answeredTooBrief, let minExpires, minExpires > requestedExpires, minExpires <= limit else {
                    return fail(.providerUnobtainable, at: now)
                }
                answeredTooBrief = true
                requestedExpires = minExpires
                return .register(expires: requestedExpires, challenge: nil, proxy: false)
            case 403, 404:
                return fail(.noPermission, at: now)
            default:
                return fail(.providerUnobtainable, at: now)
            }
        }

        /// The connection the registration was made over closed (TCP, TLS): the provider can no
        /// longer reach the system by it, so the account registers again — at once, or 30 s after
        /// its last success, so a provider that closes every connection straight after answering
        /// is not asked again in a loop.
        mutating func flowClosed(at now: Int64) -> Action {
            guard case .registered = state else { return .none }
            state = .waiting(until: max(now, (registeredAt ?? now) + Self.firstBackoffSeconds * 1_000_000))
            return due(at: now)
        }

        /// The attempt ended without an answer: Timer F, a transport error, a host that did not
        /// resolve.
        mutating func failed(at now: Int64) -> Action {
            guard state == .registering else { return .none }
            return fail(.providerUnobtainable, at: now)
        }

        private mutating func fail(_ cause: TrunkFailureCause, at now: Int64) -> Action {
            failures += 1
            let backoff = min(Self.longestBackoffSeconds, Self.firstBackoffSeconds << min(failures - 1, 16))
            state = .waiting(until: now + backoff * 1_000_000)
            guard availability != .notAvailable(cause) else { return .none }
            availability = .notAvailable(cause)
            return .report(availability)
        }
    }
}
