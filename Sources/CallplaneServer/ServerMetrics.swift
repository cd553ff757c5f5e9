import ControlPlane
import CoreMetrics
import EventLog
import Prometheus
import Synchronization

/// The Prometheus registry behind `/metrics`. swift-metrics can be bootstrapped once per
/// process, so the registry is process-wide.
enum ServerMetrics {
    static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)
    /// The media relay's totals at the last exposition (issue 16 point 6: packets, bytes and
    /// drops per second are the rates of these counters).
    private static let relayTotals = Mutex((packets: 0, bytes: 0, dropped: 0))
    private static let relayPackets = Counter(label: "callplane_relay_packets_total")
    private static let relayBytes = Counter(label: "callplane_relay_bytes_total")
    private static let relayDropped = Counter(label: "callplane_relay_dropped_packets_total")

    static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: registry)
            // A durable append takes 0.1–10 ms on a local disk; the default buckets start at 5 ms.
            factory.defaultDurationHistogramBuckets = [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .seconds(1),
            ]
            // Events per group commit: 1 for a lone appender, up to the number of concurrent ones.
            factory.defaultValueHistogramBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }

    /// The exposition text, with each reactor's lag (head − its position) measured now.
    static func exposition(log: EventLog, reactors: [ReactorStatus], relay: (packets: Int, bytes: Int, dropped: Int) = (0, 0, 0)) -> String {
        relayTotals.withLock { last in
            // The relay counts with plain atomics on its hot path; the counters catch up here.
            relayPackets.increment(by: Int64(max(0, relay.packets - last.packets)))
            relayBytes.increment(by: Int64(max(0, relay.bytes - last.bytes)))
            relayDropped.increment(by: Int64(max(0, relay.dropped - last.dropped)))
            last = relay
        }
        for reactor in reactors {
            Gauge(label: "callplane_reactor_lag", dimensions: [("reactor", reactor.name)]).record(reactor.lag)
        }
        Gauge(label: "callplane_log_head").record(log.head)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
