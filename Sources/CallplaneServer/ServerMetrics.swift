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
    static func exposition(log: EventLog, reactors: [ReactorStatus]) -> String {
        for reactor in reactors {
            Gauge(label: "callplane_reactor_lag", dimensions: [("reactor", reactor.name)]).record(reactor.lag)
        }
        Gauge(label: "callplane_log_head").record(log.head)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
