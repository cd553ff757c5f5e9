import CoreMetrics
import Synchronization

/// At most ``maximum`` admin API connections at once, across every event loop (issue 13,
/// point 17: ~20,000 stalled connections used up the file descriptors and the API stopped
/// answering; under systemd's default limit 1,100 were enough).
///
/// A connection beyond the limit is closed as soon as it is accepted, rather than left in the
/// listen queue: its client learns at once, its descriptor is given back at once, and the
/// connections already open — the administrator's among them — go on being served. Refusals
/// are counted in `callplane_http_connections_refused_total` and logged at most once per
/// ``refusalLogInterval``, so an attack cannot flood the log.
final class ConnectionLimit: Sendable {
    static let refusalLogInterval = Duration.seconds(60)

    let maximum: Int
    private let admitted = Atomic<Int>(0)
    private let refusalsToReport = Mutex<(lastReport: ContinuousClock.Instant?, unreported: Int)>((nil, 0))
    private let openGauge = Gauge(label: "callplane_http_connections")
    private let refusedCounter = Counter(label: "callplane_http_connections_refused_total")

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Connections admitted and not yet released.
    var openConnections: Int { admitted.load(ordering: .relaxed) }

    /// Takes a place for a new connection; `false` when all ``maximum`` are taken.
    func admit() -> Bool {
        var current = admitted.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = admitted.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged {
                openGauge.record(current + 1)
                return true
            }
            current = original
        }
        return false
    }

    /// Gives back the place of an admitted connection that closed.
    func release() {
        openGauge.record(admitted.subtract(1, ordering: .relaxed).newValue)
    }

    /// Counts a refused connection. Returns the number of refusals to log now — those since
    /// the last line — or `nil` while a line was logged less than ``refusalLogInterval`` ago.
    func noteRefusal(at now: ContinuousClock.Instant = .now) -> Int? {
        refusedCounter.increment()
        return refusalsToReport.withLock { state in
            state.unreported += 1
            if let last = state.lastReport, now - last < Self.refusalLogInterval { return nil }
            defer { state = (now, 0) }
            return state.unreported
        }
    }
}
