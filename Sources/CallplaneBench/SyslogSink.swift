import EventLog
import Foundation
import Synchronization

/// A syslog collector for the benchmark: a TCP listener on 127.0.0.1 that splits RFC 6587
/// octet-counted frames and records, per message, the time from its RFC 5424 TIMESTAMP (the
/// occurrence's time) to its arrival. A plain socket thread, so it costs the measured server
/// as little as possible.
final class SyslogSink: Sendable {
    private struct Received: ~Copyable {
        var count = 0
        var latencies: [Int64] = []
        var recording = false
    }

    let port: Int
    private let listener: Int32
    private let received = Mutex(Received())

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw BenchError("syslog sink: cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts accepting connections on a thread of its own.
    func start() -> SyslogSink {
        Thread { [self] in self.accept() }.start()
        return self
    }

    var count: Int { received.withLock { $0.count } }

    /// Starts keeping latencies (and forgets earlier ones).
    func record(_ on: Bool) {
        received.withLock {
            $0.recording = on
            if on { $0.latencies = [] }
        }
    }

    var latencies: [Int64] { received.withLock { $0.latencies } }

    private func accept() {
        while true {
            let connection = Foundation.accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread { [self] in self.read(connection) }.start()
        }
    }

    private func read(_ connection: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard n > 0 else {
                close(connection)
                return
            }
            let now = SystemWallClock().now()
            buffer.append(contentsOf: chunk[0..<n])
            var start = 0
            var frames: [Int64] = []
            while let space = buffer[start...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: buffer[start..<space], as: UTF8.self)),
                space + 1 + length <= buffer.count
            {
                frames.append(Self.timestamp(buffer[(space + 1)..<(space + 1 + length)]))
                start = space + 1 + length
            }
            buffer.removeFirst(start)
            received.withLock { received in
                received.count += frames.count
                if received.recording { received.latencies.append(contentsOf: frames.map { now - $0 }) }
            }
        }
    }

    /// The TIMESTAMP field (`<PRI>1 2026-01-01T00:00:00.000000Z …`) in µs since the epoch.
    private static func timestamp(_ frame: ArraySlice<UInt8>) -> Int64 {
        guard let first = frame.firstIndex(of: UInt8(ascii: " ")) else { return 0 }
        let text = String(decoding: frame[(first + 1)...].prefix(27), as: UTF8.self)
        guard text.count == 27 else { return 0 }
        var parts = tm()
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int32 { Int32(String(decoding: chars[range], as: UTF8.self)) ?? 0 }
        parts.tm_year = number(0..<4) - 1900
        parts.tm_mon = number(5..<7) - 1
        parts.tm_mday = number(8..<10)
        parts.tm_hour = number(11..<13)
        parts.tm_min = number(14..<16)
        parts.tm_sec = number(17..<19)
        return Int64(timegm(&parts)) * 1_000_000 + Int64(number(20..<26))
    }
}
