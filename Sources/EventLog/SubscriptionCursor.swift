/// The state of one subscription iterator: how far it has looked and what it has buffered.
///
/// There is no live channel from the writer to subscribers; the database is the only source of
/// events, and the head only says "there is more". Every page is read with `position > scanned`
/// and `position ≤ head` (a head that was published, so those rows are committed), and
/// `scanned` moves to the last row read or, when the page was not full, to that head. Events
/// therefore arrive in log order, each once, whether an append lands during catch-up, during
/// the switch to live, or while waiting.
///
/// Not Sendable: an iterator belongs to the task that iterates it.
final class SubscriptionCursor {
    static let pageSize = 256

    private let log: EventLog
    private let filter: EventFilter
    /// Every event at or below this position has been delivered or filtered out.
    private var scanned: Int64
    private var buffer: [EventEnvelope] = []
    private var index = 0
    private var ended = false

    init(log: EventLog, after: Int64, filter: EventFilter) {
        self.log = log
        self.filter = filter
        scanned = max(0, after)
        log.metrics.subscribers.record(log.live.addSubscriber(1))
    }

    deinit { end() }

    private func end() {
        guard !ended else { return }
        ended = true
        buffer = []
        index = 0
        log.metrics.subscribers.record(log.live.addSubscriber(-1))
    }

    func next() async throws -> EventEnvelope? {
        while !ended {
            if Task.isCancelled {
                end()
                return nil
            }
            if index < buffer.count {
                let event = buffer[index]
                index += 1
                return event
            }
            if log.live.isClosed {
                end()
                return nil
            }
            let head = log.live.head
            if head > scanned {
                let page: [EventEnvelope]
                do {
                    page = try log.read(after: scanned, upTo: head, limit: Self.pageSize, filter: filter)
                } catch EventLogError.closed {
                    end()
                    return nil
                } catch {
                    end()
                    throw error
                }
                scanned = page.count == Self.pageSize ? page[page.count - 1].position : head
                buffer = page
                index = 0
                continue
            }
            // Caught up: the wait is registered under the lock that publishes the head, so an
            // append committed after `head` was read above wakes it (or it returns at once).
            await log.live.wait(beyond: scanned)
        }
        return nil
    }
}
