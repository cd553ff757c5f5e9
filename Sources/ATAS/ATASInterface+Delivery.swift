import EventMessages

extension ATASInterface {
    /// Sends a batch to the logged-on alarm server, at most ``window`` unacknowledged at once,
    /// and returns when every message is acknowledged (docs/atas.md, "Event messages").
    ///
    /// Messages acknowledged before — in an earlier try of this batch, or up to an alarm
    /// server's `resumeAfter` — are not sent again. A test message (one with a target) is always
    /// sent: it is new, and its acknowledgement says nothing about the messages before it.
    ///
    /// - Throws: ``DeliveryFailure`` `notAvailable` with no alarm server logged on or when its
    ///   connection ends before the acknowledgements, `busy` when one does not come in time.
    func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure) {
        var outstanding: [Int64] = []
        for delivery in batch {
            let id = delivery.position
            let isTest = delivery.message.target != nil
            if !isTest && (id <= resumeAfter || acknowledged.contains(id)) { continue }
            if outstanding.count >= Self.window { try await acknowledgement(of: outstanding.removeFirst()) }
            guard session != nil else { throw DeliveryFailure(.notAvailable, "no alarm server is logged on at the ATAS interface") }
            session?.sent[id] = now()
            session?.connection.send(.eventMessage(delivery))
            outstanding.append(id)
        }
        for id in outstanding { try await acknowledgement(of: id) }
        // The engine moves past the batch now: nothing up to its end comes again.
        if let last = batch.last?.position {
            acknowledged = acknowledged.filter { $0 > last }
        }
    }

    private func acknowledgement(of id: Int64) async throws(DeliveryFailure) {
        // Taken already, perhaps just before the connection ended: it counts.
        if acknowledged.contains(id) { return }
        let ended = DeliveryFailure(.notAvailable, "the alarm server's connection ended before it acknowledged event message \(id)")
        // Sent over a connection that has ended since (a new session never saw it).
        guard session?.sent[id] != nil else { throw ended }
        let wait = await withCheckedContinuation { (continuation: CheckedContinuation<ATASSession.AcknowledgementWait, Never>) in
            session?.waits[id] = continuation
        }
        switch wait {
        case .acknowledged:
            return
        case .connectionEnded:
            throw ended
        case .timedOut:
            throw DeliveryFailure(.busy, "the alarm server did not acknowledge event message \(id) within \(Self.acknowledgementTimeout / 1_000_000) s")
        }
    }
}
