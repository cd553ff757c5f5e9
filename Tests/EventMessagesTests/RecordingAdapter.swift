import EventMessages
import Synchronization

/// Stands in for a destination's peer so the engine's schedule can be driven through hours of
/// virtual time; the real syslog and webhook peers are exercised by ConnectorsTests and the
/// integration tests, which cannot fast-forward a real clock inside the server.
final class RecordingAdapter: SignalDestinationAdapter {
    private struct Record: ~Copyable {
        var batches: [[EventMessageDelivery]] = []
        var attempts = 0
        var failure: DeliveryFailure?
    }

    private let record = Mutex(Record())

    var batches: [[EventMessageDelivery]] { record.withLock { $0.batches } }
    var delivered: [EventMessageDelivery] { batches.flatMap { $0 } }
    var attempts: Int { record.withLock { $0.attempts } }

    func fail(with failure: DeliveryFailure?) {
        record.withLock { $0.failure = failure }
    }

    func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        let failure = record.withLock { record -> DeliveryFailure? in
            record.attempts += 1
            if let failure = record.failure { return failure }
            record.batches.append(batch)
            return nil
        }
        if let failure { throw failure }
    }

    func close() async {}
}
