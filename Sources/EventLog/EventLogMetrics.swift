import Metrics

/// The log's metrics, created once per open (creating a metric asks the factory each time).
struct EventLogMetrics: Sendable {
    /// Events made durable.
    let appends = Counter(label: "callplane_appends_total")
    /// Submit → durable, per append request.
    let appendLatency = Metrics.Timer(label: "callplane_append_latency")
    /// Events per group commit: how much the single flush is shared.
    let batchSize = Recorder(label: "callplane_group_commit_batch_size", aggregate: true)
    /// Live subscription iterators.
    let subscribers = Gauge(label: "callplane_subscribers")
    /// Snapshots refused at load because they are not bound to the chain (issue 13, point 18).
    let snapshotsRefused = Counter(label: "callplane_snapshots_refused_total")
}
