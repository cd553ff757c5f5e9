import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes an archive's database file back to disk on a thread of its own while the caller reads
/// and decrypts the next chunks, then flushes it while the caller walks the chain: copying into
/// the page cache was a third of unsealing a log, and the flush the last wait of a restore, and
/// the machine has a second core that is idle until the replay starts (issue 18's restore figure).
/// At most eight chunks wait.
final class UnsealedFileWriter: Sendable {
    private let worker: BoundedWorkerThread<Data>

    /// Creates the file at `path`, which must not exist; with `flush`, the file is flushed to disk
    /// once written.
    init(creatingAt path: String, flush: Bool) throws {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError.storage("cannot create \(path): errno \(errno)") }
        worker = BoundedWorkerThread(
            name: "callplane.restore.write", capacity: 8,
            handle: { bytes in try Self.write(bytes, to: descriptor, path: path) },
            complete: {
                guard !flush || fdatasync(descriptor) == 0 else { throw BackupError.storage("fdatasync of \(path) failed: errno \(errno)") }
            },
            end: { Glibc.close(descriptor) })
    }

    /// Queues `bytes` to be written after the ones before; blocks while the queue is full. Throws
    /// the writing's failure, if any.
    func write(_ bytes: Data) throws { try worker.submit(bytes) }

    /// Waits until every queued chunk is in the file (not yet on disk); the flush goes on.
    func finishWriting() throws { try worker.drain() }

    /// Waits until the file is on disk (without `flush`, until every chunk is in it).
    func awaitFlushed() throws { try worker.finish() }

    /// Ends the thread without writing what is queued (the restore failed); the caller removes
    /// the file.
    func abandon() { worker.abandon() }

    private static func write(_ bytes: Data, to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw BackupError.storage("cannot write \(path): errno \(errno)") }
                offset += count
            }
        }
    }
}
