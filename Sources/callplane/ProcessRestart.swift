import Foundation

/// Starts this server process again in place (`execv` of `/proc/self/exe` with the same
/// arguments): the same process id, standard streams and supervisor, a fresh address space —
/// nothing of the old services (Net-SNMP's globals, metrics, event loops) carries over, which an
/// in-process restart of C libraries with process-wide state could not promise.
enum ProcessRestart {
    static func exec() -> Never {
        // Every descriptor but the standard streams is closed: the listening sockets and the
        // data directory's lock must not survive into the new image (some are not close-on-exec).
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            for descriptor in descriptors.compactMap({ Int32($0) }) where descriptor > 2 { close(descriptor) }
        }
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("callplane: cannot restart itself: \(reason)\n".utf8))
        exit(1)
    }
}
