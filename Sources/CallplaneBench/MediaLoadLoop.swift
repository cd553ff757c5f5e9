import Foundation
import NIOCore

/// One thread of the load generator: the phones of its calls, an epoll set of their sockets,
/// the pacing of their streams and the tallies of what they sent and received.
/// Everything here is touched by that thread alone; ``start(_:schedule:)`` hands the tallies
/// back when the schedule is over.
///
/// Pacing: every stream sends one packet per 20 ms in its own millisecond of the period
/// (``MediaStream/Setup/slot``), so a thread sends a twentieth of its packets each millisecond
/// instead of all at once; a thread that wakes late sends the slots it missed, each with the
/// sequence number it was due, so a stream's numbering and timing stay those of a phone
/// (RFC 3550 §5.1). Each packet is stamped with the time it actually leaves and is read as soon
/// as its socket is ready, so a late wake-up shifts no delay of the relay's; it is counted
/// (``MediaWindowTally/lateSlots``).
final class MediaLoadLoop {
    static let slots = 20
    static let slotLength: UInt64 = 1_000_000
    /// A slot sent later than this counts as late: the generator, not the relay, would then be
    /// what shapes the traffic.
    static let lateness: UInt64 = 5_000_000
    /// After the last packet is sent, before the tallies are handed back: loopback delivers in
    /// far less.
    static let drain: UInt64 = 500_000_000

    private let schedule: MediaSchedule
    /// Added to the slots' times, so the threads do not all wake at the same instant.
    private let offset: UInt64
    private var streams: [MediaStream]
    private var bySlot: [[Int]] = Array(repeating: [], count: MediaLoadLoop.slots)
    private var nextSlot = 0
    /// By path, then window (0 = warm-up).
    private var tallies: [[MediaWindowTally]]
    /// The one buffer every packet of the thread is built, protected, received and checked in.
    private var buffer = ByteBufferAllocator().buffer(capacity: 2048)

    private init(setups: [MediaStream.Setup], schedule: MediaSchedule, offset: UInt64) throws {
        self.schedule = schedule
        self.offset = offset
        streams = try setups.map(MediaStream.init)
        tallies = MediaStream.Path.allCases.map { _ in Array(repeating: MediaWindowTally(), count: schedule.windows + 1) }
        for (index, setup) in setups.enumerated() { bySlot[setup.slot % Self.slots].append(index) }
    }

    /// Runs each element of `threads` (the streams of one thread) on a thread of its own until
    /// `schedule` ends; each task returns its thread's tallies, by path, then window.
    static func start(_ threads: [[MediaStream.Setup]], schedule: MediaSchedule) -> [Task<[[MediaWindowTally]], any Error>] {
        threads.enumerated().map { number, setups in
            let offset = slotLength * UInt64(number) / UInt64(threads.count)
            return Task {
                try await withCheckedThrowingContinuation { continuation in
                    let thread = Thread {
                        continuation.resume(with: Result { try MediaLoadLoop(setups: setups, schedule: schedule, offset: offset).run() })
                    }
                    thread.name = "media-load-\(number)"
                    thread.start()
                }
            }
        }
    }

    private func slotTime(_ slot: Int) -> UInt64 { schedule.trafficStart + offset + Self.slotLength * UInt64(slot) }

    /// Sends what is due, then sleeps until the next slot or a datagram, whichever is first;
    /// epoll's timeout has millisecond steps, so a slot leaves up to a millisecond late, as a
    /// phone's packets do (each is stamped when it actually leaves).
    private func run() throws -> [[MediaWindowTally]] {
        let epoll = try MediaEpoll()
        for (index, stream) in streams.enumerated() { try epoll.watch(stream.receiver, data: UInt64(index)) }
        let stop = schedule.end + Self.drain
        while true {
            let now = MediaSchedule.now()
            sendDue(now)
            guard now < stop else { break }
            let wake = slotTime(nextSlot) < schedule.end ? slotTime(nextSlot) : stop
            let milliseconds = wake > now ? Int32((wake - now + 999_999) / 1_000_000) : 0
            epoll.wait(milliseconds: milliseconds) { receive(stream: Int($0)) }
        }
        return tallies
    }

    private func sendDue(_ now: UInt64) {
        while slotTime(nextSlot) <= now, slotTime(nextSlot) < schedule.end {
            let due = slotTime(nextSlot)
            if now - due > Self.lateness { tallies[MediaStream.Path.relayed.rawValue][schedule.window(of: due)].lateSlots += 1 }
            for stream in bySlot[nextSlot % Self.slots] { send(stream, index: nextSlot / Self.slots) }
            nextSlot += 1
        }
    }

    private func send(_ number: Int, index: Int) {
        let sentAt = MediaSchedule.now()
        let path = streams[number].path.rawValue
        let window = schedule.window(of: sentAt)
        buffer.clear()
        MediaBenchPacket.write(into: &buffer, stream: streams[number].packets, index: index, sentAt: sentAt)
        do {
            try streams[number].outbound.protect(&buffer)
        } catch {
            tallies[path][window].unauthenticated += 1
            return
        }
        let sender = streams[number].sender
        let sent = buffer.withUnsafeReadableBytes { MediaPhoneSocket.send(sender, $0) }
        tallies[path][window].sent += 1
        if !sent { tallies[path][window].refused += 1 }
    }

    /// Reads every datagram waiting on the socket of the phone that receives stream `number`.
    private func receive(stream number: Int) {
        let stream = streams[number]
        let path = stream.path.rawValue
        while true {
            buffer.clear()
            var source = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 2048) { bytes in
                guard let (length, port) = MediaPhoneSocket.receive(stream.receiver, into: bytes) else { return 0 }
                source = port
                return length
            }
            guard source != 0 else { return }
            let receivedAt = MediaSchedule.now()
            guard source == stream.expectedSource else {
                tallies[path][schedule.window(of: receivedAt)].strays += 1
                continue
            }
            do {
                try stream.inbound.unprotect(&buffer)
            } catch {
                tallies[path][schedule.window(of: receivedAt)].unauthenticated += 1
                continue
            }
            guard let (_, sentAt) = MediaBenchPacket.check(buffer, stream: stream.packets), sentAt <= receivedAt else {
                tallies[path][schedule.window(of: receivedAt)].corrupt += 1
                continue
            }
            let window = schedule.window(of: sentAt)
            tallies[path][window].received += 1
            tallies[path][window].delays.append(Int(receivedAt - sentAt))
        }
    }
}
