import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A progress bar on standard error for the long commands (a backup of millions of events):
/// redrawn in place on a terminal, silent when standard error is a file or a pipe, so logs and
/// scripts get only the result.
final class ProgressBar {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1

    init(label: String) { self.label = label }

    func update(_ done: Int64, _ total: Int64) {
        guard isTerminal, total > 0 else { return }
        let percent = Int(done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 40
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(done)/\(total) events)".utf8))
    }

    func finish() {
        guard isTerminal, lastPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
