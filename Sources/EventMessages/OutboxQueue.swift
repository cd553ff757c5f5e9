import Synchronization

/// The messages a destination still has to take, in log order: filled by the outbox's
/// subscription, emptied when a batch is delivered. It is only a window onto the log — after a
/// restart it is refilled from the destination's cursor — so it never needs to be saved.
final class OutboxQueue: Sendable {
    private struct Contents: ~Copyable {
        var items: [EventMessageDelivery] = []
        var head = 0
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private let contents = Mutex(Contents())

    var count: Int { contents.withLock { $0.items.count - $0.head } }

    func append(_ delivery: EventMessageDelivery) {
        let waiter = contents.withLock { contents -> CheckedContinuation<Void, any Error>? in
            contents.items.append(delivery)
            defer { contents.waiter = nil }
            return contents.waiter
        }
        waiter?.resume()
    }

    /// The oldest message, waiting for one if the queue is empty. One consumer only.
    func first() async throws -> EventMessageDelivery {
        while true {
            if let first = contents.withLock({ $0.head < $0.items.count ? $0.items[$0.head] : nil }) { return first }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let ready = contents.withLock { contents -> Bool in
                        if contents.head < contents.items.count || Task.isCancelled { return true }
                        contents.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = contents.withLock { contents -> CheckedContinuation<Void, any Error>? in
                    defer { contents.waiter = nil }
                    return contents.waiter
                }
                waiter?.resume(throwing: CancellationError())
            }
            try Task.checkCancellation()
        }
    }

    /// Up to `limit` oldest messages, without removing them.
    func peek(_ limit: Int) -> [EventMessageDelivery] {
        contents.withLock { contents in
            Array(contents.items[contents.head..<min(contents.items.count, contents.head + limit)])
        }
    }

    /// Removes every message at or before `position`: delivered, or skipped by a move of the
    /// destination's cursor.
    func drop(through position: Int64) {
        contents.withLock { contents in
            while contents.head < contents.items.count, contents.items[contents.head].position <= position {
                contents.head += 1
            }
            // Compact once the delivered prefix dominates, so the array does not grow forever.
            if contents.head > 1_024, contents.head * 2 > contents.items.count {
                contents.items.removeFirst(contents.head)
                contents.head = 0
            }
        }
    }
}
