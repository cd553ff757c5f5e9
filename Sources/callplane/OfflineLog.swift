import ArgumentParser
import EventLog
import Foundation

/// Opens a data directory's log read-only for the offline commands, so they can run beside a
/// live server and can never change what they inspect.
enum OfflineLog {
    static func open(dataDirectory: String) throws -> EventLog {
        // Standard output is the command's answer; the log's own notices go to standard error,
        // and only when something is wrong.
        CommandLineLogging.bootstrap(level: .warning)
        let path = (dataDirectory as NSString).appendingPathComponent("callplane.sqlite")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no Callplane database at \(path)")
        }
        return try EventLog.open(path: path, mode: .readOnly)
    }
}
