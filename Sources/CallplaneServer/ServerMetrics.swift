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
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }

    /// The exposition text, with each reactor's lag (head − its position) measured now.
    static func exposition(log: EventLog, reactors: [String: Int64]) -> String {
        let head = log.head
        for (reactor, position) in reactors {
            Gauge(label: "callplane_reactor_lag", dimensions: [("reactor", reactor)]).record(max(0, head - position))
        }
        Gauge(label: "callplane_log_head").record(head)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
