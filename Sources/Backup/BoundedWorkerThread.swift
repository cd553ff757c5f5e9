import Foundation

/// A thread that takes items in order from a bounded queue: the second core's share of a backup
/// and a restore (the replay of the events, the writing of the unsealed file) while the calling
/// thread produces the next items. At most `capacity` items wait, so memory stays flat whatever
/// the log's length; `submit` blocks while the queue is full.
///
/// `handle` runs on the thread for each item, then `complete` once after the last one (the
/// writer's flush); a failure of either stops the thread, drops what waits, and is thrown to the
/// caller by its next call. `end` runs on the thread as it stops, whichever way (the writer
/// closes its file there, never while a write may be under way).
final class BoundedWorkerThread<Item: Sendable>: @unchecked Sendable {
    // @unchecked: `waiting`, `closed`, `drained`, `completed`, `abandoned` and `failure` are read
    // and written only while `condition` is locked. `handle`, `complete` and `end`, and whatever
    // they capture, are
    // called by the thread alone; the thread sets `drained` and `completed` under the lock after
    // its last call of each, and a caller that saw them under the same lock is ordered after
    // those calls, so it may then read what they wrote.
    private let condition = NSCondition()
    private var waiting: [Item] = []
    private var closed = false
    private var drained = false
    private var completed = false
    private var abandoned = false
    private var failure: (any Error)?
    private let capacity: Int
    private let handle: (Item) throws -> Void
    private let complete: () throws -> Void
    private let end: () -> Void

    init(
        name: String, capacity: Int, handle: @escaping (Item) throws -> Void, complete: @escaping () throws -> Void = {},
        end: @escaping () -> Void = {}
    ) {
        self.capacity = capacity
        self.handle = handle
        self.complete = complete
        self.end = end
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues `item` after the ones before; throws the thread's failure, if any.
    func submit(_ item: Item) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, failure == nil { condition.wait() }
        if let failure { throw failure }
        waiting.append(item)
        condition.broadcast()
    }

    /// No more items: waits until each queued one is handled (`complete` may still be running).
    func drain() throws {
        try wait { $0.drained }
    }

    /// Waits until the last item is handled and `complete` has returned.
    func finish() throws {
        try wait { $0.completed }
    }

    /// Ends the thread without handling what waits (the caller failed); a later wait throws.
    func abandon() {
        condition.lock()
        closed = true
        abandoned = true
        if failure == nil { failure = CancellationError() }
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func wait(until reached: (BoundedWorkerThread) -> Bool) throws {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !reached(self), failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    private func run() {
        defer { end() }
        while true {
            condition.lock()
            while waiting.isEmpty, !closed { condition.wait() }
            guard !waiting.isEmpty, failure == nil else {
                let stop = failure != nil || abandoned
                drained = true
                condition.broadcast()
                condition.unlock()
                if stop { return }
                break
            }
            let item = waiting.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                try handle(item)
            } catch {
                fail(error)
                return
            }
        }
        do {
            try complete()
        } catch {
            fail(error)
            return
        }
        condition.lock()
        completed = true
        condition.broadcast()
        condition.unlock()
    }

    private func fail(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
