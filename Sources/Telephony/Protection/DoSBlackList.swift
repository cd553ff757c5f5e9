import Domain
import Synchronization

/// The DoS black list (issue 15, point 3): counts what each source address does wrong per
/// window and blocks it when a count reaches its limit; a blocked address gets nothing at all
/// until its period ends.
///
/// Counts are kept per fixed window (reset when the window has passed), which is enough to tell
/// a guesser or a flood from a phone. The addresses tracked are bounded: beyond
/// ``maximumTrackedSources`` unblocked addresses the table is emptied of them, so a spoofed flood
/// from many addresses costs memory it cannot grow.
public final class DoSBlackList: Sendable {
    struct Source {
        var windowStart: Int64
        var counts: [DoSBlockCause: Int] = [:]
        var blockedUntil: Int64?
    }

    public static let maximumTrackedSources = 100_000
    private let sources = Mutex<[String: Source]>([:])
    private let settings: Mutex<DoSProtectionSettings>

    public init(settings: DoSProtectionSettings = DoSProtectionSettings()) {
        self.settings = Mutex(settings)
    }

    public func update(_ settings: DoSProtectionSettings) {
        self.settings.withLock { $0 = settings }
    }

    /// Whether `address` may be served now.
    public func admits(_ address: String, now: Int64) -> Bool {
        sources.withLock { sources in
            guard let until = sources[address]?.blockedUntil else { return true }
            return now >= until
        }
    }

    /// Counts one occurrence of `cause` from `address`; returns `true` when this one blocked it.
    public func note(_ cause: DoSBlockCause, from address: String, now: Int64) -> Bool {
        let settings = settings.withLock { $0 }
        guard let limit = settings.limit(cause) else { return false }
        let window = Int64(settings.windowSeconds) * 1_000_000
        return sources.withLock { sources in
            if sources[address] == nil, sources.count >= Self.maximumTrackedSources {
                sources = sources.filter { $0.value.blockedUntil != nil }
            }
            var source = sources[address] ?? Source(windowStart: now)
            if let until = source.blockedUntil, now < until { return false }
            if now - source.windowStart >= window || source.blockedUntil != nil {
                source = Source(windowStart: now)
            }
            source.counts[cause, default: 0] += 1
            let blocks = source.counts[cause, default: 0] >= limit
            if blocks { source.blockedUntil = now + Int64(settings.blockSeconds) * 1_000_000 }
            sources[address] = source
            return blocks
        }
    }

    /// The addresses whose block has ended by `now`, taken off the list.
    public func release(now: Int64) -> [String] {
        sources.withLock { sources in
            let ended = sources.filter { $0.value.blockedUntil.map { $0 <= now } ?? false }.map(\.key).sorted()
            for address in ended { sources[address] = nil }
            return ended
        }
    }

    /// The addresses blocked now, with the end of their block.
    public func blocked(now: Int64) -> [String: Int64] {
        sources.withLock { sources in
            sources.compactMapValues { source in source.blockedUntil.flatMap { $0 > now ? $0 : nil } }
        }
    }
}
