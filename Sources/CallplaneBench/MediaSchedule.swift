import Foundation

/// The load generator's timeline, fixed before the first packet: a warm-up that no figure
/// counts (the relay's sockets latch and libsrtp adds each SSRC on its first packet, RFC 3711
/// §3.2.3), then `windows` measurement windows back to back, each giving one value of every
/// figure so the bench can report their medians. Sending stops at ``end``. Times are
/// `CLOCK_MONOTONIC` nanoseconds, the clock of the generator's timers and of its packets' stamps.
struct MediaSchedule: Sendable {
    var trafficStart: UInt64
    var measureStart: UInt64
    var window: UInt64
    var windows: Int

    var end: UInt64 { measureStart + window * UInt64(windows) }

    func windowStart(_ number: Int) -> UInt64 { measureStart + window * UInt64(number - 1) }

    /// 0 for the warm-up, 1 through ``windows`` for the measured windows.
    func window(of time: UInt64) -> Int {
        guard time >= measureStart else { return 0 }
        return min(windows, 1 + Int((time - measureStart) / window))
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
