import Foundation
import Media

/// The media figure's relay, in a process of its own so that its CPU time can be read alone:
/// this same executable started again with a hidden argument (``serve(_:)``), which runs an
/// ``RTPRelay`` on 127.0.0.1 as the server does (NIO's shared event loops, one per core) and
/// takes one command per line on its standard input, answering each on its standard output:
///
/// - `open CALLER-PORT CALLER-KEY CALLEE-PORT CALLEE-KEY`: opens a session, offers the caller's
///   SDP with its key and answers with the callee's, both sides SRTP-mandatory, and answers
///   `opened CALLER-FACING-PORT KEY-FOR-CALLER CALLEE-FACING-PORT KEY-FOR-CALLEE` from the two
///   descriptions the relay rewrote;
/// - `counters`: `counters RELAYED DROPPED` (``RelayCounters``);
/// - `floor PACKETS RATE STREAMS`: `floor SHARE`, ``BareSRTPFloor`` over STREAMS key pairs,
///   measured on this process's main thread (the bench asks while the relay holds no session);
/// - `close`: closes every session and answers `closed FROM-CALLERS FROM-CALLEES DROPPED LOST`,
///   the sums of their ``RelaySessionStatistics``.
///
/// It exits at the end of its input, closing what is still open.
///
/// Keys cross the pipe as SDES inline key parameters (RFC 4568 §9.2), as they would cross the
/// signalling; nothing else of the bench's process reaches the relay's.
final class MediaRelayProcess {
    /// `callplane-bench --media-relay FIRST-PORT LAST-PORT SESSIONS` runs ``serve(_:)``.
    static let argument = "--media-relay"
    static let readyLine = "ready"

    /// The ports of a call as the relay gave them, and its keys towards each phone.
    struct Leg {
        var callerFacing: Int
        var keyForCaller: SRTPKeyMaterial
        var calleeFacing: Int
        var keyForCallee: SRTPKeyMaterial
    }

    /// The relay's own view at close, summed over the calls.
    struct Closing {
        var fromCallers: Int
        var fromCallees: Int
        var dropped: Int
        /// Sequence gaps seen by the relay on arrival (RFC 3550 §6.4.1): lost before the relay.
        var lost: Int
    }

    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private var pending: [UInt8] = []
    private var stopped = false

    init(ports: ClosedRange<Int>, sessions: Int) throws {
        (pid, input, output) = try Spawn.startSelf([Self.argument, String(ports.lowerBound), String(ports.upperBound), String(sessions)])
        let line = try readLine()
        guard line == Self.readyLine else { throw BenchError("the media relay said \(line) instead of \(Self.readyLine)") }
    }

    deinit {
        stop()
    }

    func open(callerPort: Int, callerKey: SRTPKeyMaterial, calleePort: Int, calleeKey: SRTPKeyMaterial) throws -> Leg {
        let words = try command("open \(callerPort) \(callerKey.inlineKeyParameter) \(calleePort) \(calleeKey.inlineKeyParameter)", answer: "opened", count: 4)
        guard let callerFacing = Int(words[0]), let calleeFacing = Int(words[2]) else { throw BenchError("the media relay answered open with \(words)") }
        return Leg(
            callerFacing: callerFacing, keyForCaller: try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: words[1]),
            calleeFacing: calleeFacing, keyForCallee: try SRTPKeyMaterial(suite: .aesCM128HMACSHA1_80, inlineKeyParameter: words[3]))
    }

    func counters() throws -> (relayed: Int, dropped: Int) {
        let numbers = try command("counters", answer: "counters", count: 2).compactMap { Int($0) }
        guard numbers.count == 2 else { throw BenchError("the media relay's counters did not parse") }
        return (numbers[0], numbers[1])
    }

    /// ``BareSRTPFloor/share(packets:packetsPerSecond:streams:)`` in the relay's process.
    func floor(packets: Int, packetsPerSecond: Int, streams: Int) throws -> Double {
        let words = try command("floor \(packets) \(packetsPerSecond) \(streams)", answer: "floor", count: 1)
        guard let share = Double(words[0]) else { throw BenchError("the media relay's floor did not parse") }
        return share
    }

    func closeSessions() throws -> Closing {
        let numbers = try command("close", answer: "closed", count: 4).compactMap { Int($0) }
        guard numbers.count == 4 else { throw BenchError("the media relay's statistics did not parse") }
        return Closing(fromCallers: numbers[0], fromCallees: numbers[1], dropped: numbers[2], lost: numbers[3])
    }

    /// CPU seconds the relay's process has used, all its threads, user and system
    /// (`/proc/PID/stat` fields 14 and 15, in clock ticks).
    func cpuSeconds() throws -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            throw BenchError("the media relay (pid \(pid)) is gone")
        }
        // After the command name: field 3 (state) is index 0, so utime and stime are 11 and 12.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("/proc/\(pid)/stat did not parse")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Closes the relay's input (it closes its sessions and exits) and waits for it, 5 s at most
    /// before it is stopped.
    func stop() {
        guard !stopped else { return }
        stopped = true
        close(input)
        close(output)
        let deadline = ContinuousClock.now + .seconds(5)
        while Spawn.isRunning(pid), ContinuousClock.now < deadline { usleep(10_000) }
        Spawn.stop(pid)
    }

    private func command(_ line: String, answer: String, count: Int) throws -> [String] {
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw BenchError("the media relay's input is closed") }
            written += result
        }
        let words = try readLine().split(separator: " ").map(String.init)
        guard words.first == answer, words.count == count + 1 else {
            throw BenchError("the media relay answered \(line.split(separator: " ").first ?? "") with \(words.joined(separator: " "))")
        }
        return Array(words.dropFirst())
    }

    private func readLine() throws -> String {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let count = read(output, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw BenchError("the media relay exited (its error output is above)") }
            pending += chunk[..<count]
        }
    }
}
