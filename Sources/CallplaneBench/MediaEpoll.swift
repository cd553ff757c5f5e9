import Foundation

/// epoll(7) for a thread of the load generator: it waits on a few hundred phone sockets, of
/// which a handful are ready at a time, so it pays per ready socket, not per socket as poll(2)
/// would, a thousand times a second. Swift's Glibc module does not map `<sys/epoll.h>`, so the
/// three calls are looked up in the C library (as ``Spawn`` does for `posix_spawn`'s
/// closefrom), and the events are read at the kernel's layout: packed on x86-64, 12 octets.
final class MediaEpoll {
    private typealias Create = @convention(c) (Int32) -> Int32
    private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private static let create: Create? = function("epoll_create1")
    private static let control: Control? = function("epoll_ctl")
    private static let waitForEvents: Wait? = function("epoll_wait")
    private static let readable: UInt32 = 0x001
    private static let add: Int32 = 1
    #if arch(x86_64)
        private static let eventSize = 12
        private static let dataOffset = 4
    #else
        private static let eventSize = 16
        private static let dataOffset = 8
    #endif

    private let descriptor: Int32
    private let capacity = 64
    private let events: UnsafeMutableRawPointer

    init() throws {
        guard let create = Self.create, Self.control != nil, Self.waitForEvents != nil else { throw BenchError("the C library has no epoll") }
        descriptor = create(Int32(O_CLOEXEC))
        guard descriptor >= 0 else { throw BenchError("epoll_create1: \(String(cString: strerror(errno)))") }
        events = .allocate(byteCount: capacity * Self.eventSize, alignment: 8)
    }

    deinit {
        close(descriptor)
        events.deallocate()
    }

    /// Watches `socket` for datagrams; ``wait(milliseconds:_:)`` hands back `data` for it.
    func watch(_ socket: Int32, data: UInt64) throws {
        var event = [UInt8](repeating: 0, count: Self.eventSize)
        event.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: Self.readable, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: data, toByteOffset: Self.dataOffset, as: UInt64.self)
        }
        let status = event.withUnsafeMutableBytes { Self.control!(descriptor, Self.add, socket, $0.baseAddress) }
        guard status == 0 else { throw BenchError("epoll_ctl: \(String(cString: strerror(errno)))") }
    }

    /// Waits up to `milliseconds` (0: not at all) and calls `ready` with the data of each ready
    /// socket.
    func wait(milliseconds: Int32, _ ready: (UInt64) -> Void) {
        let count = Self.waitForEvents!(descriptor, events, Int32(capacity), milliseconds)
        for index in 0..<max(0, Int(count)) {
            ready(events.loadUnaligned(fromByteOffset: index * Self.eventSize + Self.dataOffset, as: UInt64.self))
        }
    }

    private static func function<Function>(_ name: String) -> Function? {
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }
}
