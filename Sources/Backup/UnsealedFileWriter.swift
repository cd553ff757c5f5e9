import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Opens an archive's database frames and writes the file back to disk on a thread of its own
/// while the caller reads and cuts the next frames, then flushes it while the caller walks the
/// chain: decrypting and copying into the page cache were most of unsealing a log, the flush the
/// last wait of a restore, and the machine has a second core that is idle until the replay
/// starts (issue 18's restore figure). A frame's records reach the file only once the frame
/// authenticates. At most eight frames wait.
final class UnsealedFileWriter: Sendable {
    private let worker: BoundedWorkerThread<SealedEntryReader.Frame>

    /// Creates the file at `path`, which must not exist; with `flush`, the file is flushed to disk
    /// once written.
    init(creatingAt path: String, opener: SealedEntryReader.Opener, flush: Bool) throws {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError.storage("cannot create \(path): errno \(errno)") }
        worker = BoundedWorkerThread(
            name: "callplane.restore.write", capacity: 8,
            handle: { frame in try opener.openRecords(frame) { record in try Self.write(record, to: descriptor, path: path) } },
            complete: {
                guard !flush || fdatasync(descriptor) == 0 else { throw BackupError.storage("fdatasync of \(path) failed: errno \(errno)") }
            },
            end: { Glibc.close(descriptor) })
    }

    /// Queues `frame` to be opened and written after the ones before; blocks while the queue is
    /// full. Throws the failure of an earlier frame, if any.
    func unseal(_ frame: SealedEntryReader.Frame) throws { try worker.submit(frame) }

    /// Waits until every queued frame is in the file (not yet on disk); the flush goes on.
    func finishWriting() throws { try worker.drain() }

    /// Waits until the file is on disk (without `flush`, until every frame is in it).
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
