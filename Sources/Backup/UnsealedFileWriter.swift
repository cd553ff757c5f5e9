import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes an archive's database file back to disk on a thread of its own while the caller reads
/// and decrypts the next chunks, then flushes it while the caller walks the chain: copying into
/// the page cache was a third of unsealing a log, and the flush the last wait of a restore, and
/// the machine has a second core that is idle until the replay starts (issue 18's restore figure).
/// At most `capacity` chunks wait, so memory stays flat whatever the log's length.
final class UnsealedFileWriter: @unchecked Sendable {
    // @unchecked: `waiting`, `closed`, `written`, `flushed` and `failure` are read and written
    // only while `condition` is locked; `descriptor` is used by the writing thread alone until it
    // sets `flushed` (or a failure) under the lock, and closed by it.
    private let condition = NSCondition()
    private var waiting: [Data] = []
    private var closed = false
    private var written = false
    private var flushed = false
    private var failure: BackupError?
    private let descriptor: Int32
    private let path: String
    private let flush: Bool
    private let capacity = 8

    /// Creates the file at `path`, which must not exist; with `flush`, the file is flushed to disk
    /// once written.
    init(creatingAt path: String, flush: Bool) throws {
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError.storage("cannot create \(path): errno \(errno)") }
        self.path = path
        self.flush = flush
        let thread = Thread { [self] in run() }
        thread.name = "callplane.restore.write"
        thread.start()
    }

    /// Queues `bytes` to be written after the ones before; blocks while the queue is full. Throws
    /// the writing's failure, if any.
    func write(_ bytes: Data) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, failure == nil { condition.wait() }
        if let failure { throw failure }
        waiting.append(bytes)
        condition.broadcast()
    }

    /// Waits until every queued chunk is in the file (not yet on disk); the flush goes on.
    func finishWriting() throws {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !written, failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Waits until the file is on disk (or, without `flush`, closed).
    func awaitFlushed() throws {
        condition.lock()
        defer { condition.unlock() }
        while !flushed, failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Ends the thread without writing what is queued (the restore failed); the caller removes
    /// the file.
    func abandon() {
        condition.lock()
        closed = true
        waiting.removeAll()
        if failure == nil { failure = .storage("abandoned") }
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        defer { Glibc.close(descriptor) }
        while true {
            condition.lock()
            while waiting.isEmpty, !closed, failure == nil { condition.wait() }
            if failure != nil {
                condition.unlock()
                return
            }
            guard !waiting.isEmpty else {
                written = true
                condition.broadcast()
                condition.unlock()
                break
            }
            let bytes = waiting.removeFirst()
            condition.broadcast()
            condition.unlock()
            if let error = writeAll(bytes) {
                fail(error)
                return
            }
        }
        if flush, fdatasync(descriptor) != 0 {
            fail(.storage("fdatasync of \(path) failed: errno \(errno)"))
            return
        }
        condition.lock()
        flushed = true
        condition.broadcast()
        condition.unlock()
    }

    private func writeAll(_ bytes: Data) -> BackupError? {
        bytes.withUnsafeBytes { buffer -> BackupError? in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return .storage("cannot write \(path): errno \(errno)") }
                offset += count
            }
            return nil
        }
    }

    private func fail(_ error: BackupError) {
        condition.lock()
        if failure == nil { failure = error }
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
