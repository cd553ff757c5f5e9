import Foundation
import Media

/// Issue 16's media figure ("Done when": 250 concurrent relayed G.711 calls with SRTP on both
/// legs, no packet lost, the relay adding < 1 ms one-way at the 99th percentile, on ≤ 25 % of
/// one core): each call is two phones of the load generator (``MediaLoadLoop``) talking
/// through an ``RTPRelay`` in a process of its own (``MediaRelayProcess``), 50 packets/s each
/// way, so the relay unprotects and re-protects 100 packets/s per call (RFC 3711 §3.3) under
/// keys that SDES gave each leg (RFC 4568). It prints, each beside a baseline measured in the
/// same run:
///
/// 1. the packets the relay lost: sent by the generator minus received by it (with the relay's
///    own dropped counter), beside the count sent; target: all received;
/// 2. the one-way delay the relay adds, p99 and median: the generator's send-to-receive time
///    through the relay minus the same generator's time for packets it sends to itself
///    directly on loopback (a tenth as many calls, on the same threads in the same windows,
///    with the same SRTP), so what the generator's own pacing, SRTP and sockets cost falls
///    out; target p99 ≤ 1 ms;
/// 3. the relay process's CPU (`/proc/PID/stat`, all its threads) as a share of one core,
///    beside the bare cost of libsrtp2's unprotect and protect for the same packet rate over as
///    many key pairs in one thread (``BareSRTPFloor``), measured in the relay's process before
///    and after the traffic, and their ratio; target ≤ 25 %.
///
/// The delays and the CPU share are medians over measurement windows (5 of 12 s; with `--smoke`
/// 50 calls and 3 windows of 1 s), each window's relay CPU read over exactly that window; losses count every packet
/// of the run, the warm-up's too. Generator and relay share the machine's cores (the generator
/// takes most of one at 250 calls, and says how much, and how often it sent late), so on a
/// machine with other work running every figure moves; read them on a quiet one.
struct MediaBench {
    let options: CallplaneBench.Options
    /// The relay's range: outside Linux's ephemeral one (32768–60999), where the generator's own
    /// sockets are bound, with 750 RTP/RTCP pairs for the 500 that 250 calls' two sides take
    /// (the relay skips a pair another program holds).
    static let ports = 24_000...26_999
    static let packetsPerSecondPerCall = 2 * 1_000 / MediaBenchPacket.intervalMilliseconds
    /// The generator's threads: one per core of the 2-core machine.
    static let generatorThreads = 2

    var calls: Int { options.smoke ? 50 : 250 }
    /// The relay's SRTP sessions: each leg's inbound and outbound (``BareSRTPFloor``).
    var relaySessions: Int { calls * 4 }
    /// The directions the relay carries: each call's two, each unprotected under one key and
    /// protected under another.
    var relayedDirections: Int { calls * 2 }
    var floorPackets: Int { options.smoke ? packetsPerSecond : 2 * packetsPerSecond }
    /// The generator's baseline: calls between two of its own phones, with no relay.
    var directCalls: Int { max(5, calls / 10) }
    var windows: Int { options.smoke ? 3 : 5 }
    /// Nanoseconds of each measurement window and of the warm-up.
    var window: UInt64 { options.smoke ? 1_000_000_000 : 12_000_000_000 }
    var warmup: UInt64 { options.smoke ? 500_000_000 : 3_000_000_000 }
    var packetsPerSecond: Int { calls * Self.packetsPerSecondPerCall }

    /// What one run measured, for ``figures(_:)``.
    struct Measurement {
        /// Per measured window: the relay's and the generator's CPU, shares of one core.
        var relayCPU: [Double] = []
        var generatorCPU: [Double] = []
        /// By path, then window (0 = warm-up).
        var tallies: [[MediaWindowTally]] = []
        /// The bare SRTP floor in the relay's process over as many key pairs as the relay's
        /// directions, and over one, each before the relay opened any session and after it
        /// closed them.
        var floor: [Double] = []
        var emptyFloor: [Double] = []
        var relayed = 0
        var dropped = 0
        var closing: MediaRelayProcess.Closing?
    }

    func run() async throws -> [BenchFigure] {
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        return try figures(try await measure(sockets: &sockets))
    }

    private func measure(sockets: inout [Int32]) async throws -> Measurement {
        let relay = try MediaRelayProcess(ports: Self.ports, sessions: calls)
        defer { relay.stop() }
        print(
            "media: \(calls) relayed G.711 calls, SRTP (AES_CM_128_HMAC_SHA1_80) on both legs, 50 packets/s each way = \(packetsPerSecond) packets/s through the relay (pid \(relay.pid)); baseline \(directCalls) calls of the generator to itself; warm-up \(warmup / 1_000_000) ms, \(windows) windows of \(window / 1_000_000_000) s"
        )
        var measurement = Measurement()
        let (before, after) = ((windows + 1) / 2, windows / 2)
        for _ in 0..<before { try measureFloors(relay, into: &measurement) }

        var threads = Array(repeating: [MediaStream.Setup](), count: Self.generatorThreads)
        for call in 0..<(calls + directCalls) {
            let thread = call % Self.generatorThreads
            let caller = try MediaPhoneSocket.bind()
            sockets.append(caller.descriptor)
            let callee = try MediaPhoneSocket.bind()
            sockets.append(callee.descriptor)
            let callerKey = SRTPKeyMaterial.random(for: .aesCM128HMACSHA1_80)
            let calleeKey = SRTPKeyMaterial.random(for: .aesCM128HMACSHA1_80)
            // The call's number on its thread: its two directions half a period apart.
            let slot = call / Self.generatorThreads
            let backwardSlot = slot + MediaLoadLoop.slots / 2
            if call < calls {
                let leg = try relay.open(callerPort: caller.port, callerKey: callerKey, calleePort: callee.port, calleeKey: calleeKey)
                try MediaPhoneSocket.connect(caller.descriptor, to: leg.callerFacing)
                try MediaPhoneSocket.connect(callee.descriptor, to: leg.calleeFacing)
                threads[thread].append(
                    MediaStream.Setup(
                        path: .relayed, sender: caller.descriptor, receiver: callee.descriptor,
                        expectedSource: leg.calleeFacing, packets: .random(), sendingKey: callerKey, receivingKey: leg.keyForCallee, slot: slot))
                threads[thread].append(
                    MediaStream.Setup(
                        path: .relayed, sender: callee.descriptor, receiver: caller.descriptor,
                        expectedSource: leg.callerFacing, packets: .random(), sendingKey: calleeKey, receivingKey: leg.keyForCaller,
                        slot: backwardSlot))
            } else {
                try MediaPhoneSocket.connect(caller.descriptor, to: callee.port)
                try MediaPhoneSocket.connect(callee.descriptor, to: caller.port)
                threads[thread].append(
                    MediaStream.Setup(
                        path: .direct, sender: caller.descriptor, receiver: callee.descriptor, expectedSource: caller.port,
                        packets: .random(), sendingKey: callerKey, receivingKey: callerKey, slot: slot))
                threads[thread].append(
                    MediaStream.Setup(
                        path: .direct, sender: callee.descriptor, receiver: caller.descriptor, expectedSource: callee.port,
                        packets: .random(), sendingKey: calleeKey, receivingKey: calleeKey, slot: backwardSlot))
            }
        }

        // Time for each thread to make its SRTP sessions before the first packet is due.
        let trafficStart = MediaSchedule.now() + 500_000_000
        let schedule = MediaSchedule(trafficStart: trafficStart, measureStart: trafficStart + warmup, window: window, windows: windows)
        let running = MediaLoadLoop.start(threads, schedule: schedule)
        do {
            try await Self.sleep(until: schedule.measureStart)
            var last = (time: MediaSchedule.now(), relay: try relay.cpuSeconds(), generator: Self.ownCPUSeconds())
            for number in 1...windows {
                try await Self.sleep(until: schedule.windowStart(number) + window)
                let now = (time: MediaSchedule.now(), relay: try relay.cpuSeconds(), generator: Self.ownCPUSeconds())
                let elapsed = Double(now.time - last.time) / 1e9
                measurement.relayCPU.append(100 * (now.relay - last.relay) / elapsed)
                measurement.generatorCPU.append(100 * (now.generator - last.generator) / elapsed)
                last = now
            }
        } catch {
            for task in running { _ = try? await task.value }
            throw error
        }
        for task in running {
            let tallies = try await task.value
            if measurement.tallies.isEmpty {
                measurement.tallies = tallies
                continue
            }
            for path in tallies.indices {
                for window in tallies[path].indices { measurement.tallies[path][window].merge(tallies[path][window]) }
            }
        }
        (measurement.relayed, measurement.dropped) = try relay.counters()
        measurement.closing = try relay.closeSessions()
        for _ in 0..<after { try measureFloors(relay, into: &measurement) }
        return measurement
    }

    /// The bare SRTP floor, while the relay holds no session: over the relay's count of key
    /// pairs (as many sessions alive as the relay has at full load, none more: libsrtp over NSS
    /// slows as sessions pile up), and over one.
    private func measureFloors(_ relay: MediaRelayProcess, into measurement: inout Measurement) throws {
        measurement.floor.append(try relay.floor(packets: floorPackets, packetsPerSecond: packetsPerSecond, streams: relayedDirections))
        measurement.emptyFloor.append(try relay.floor(packets: floorPackets, packetsPerSecond: packetsPerSecond, streams: 1))
    }

    private static func sleep(until deadline: UInt64) async throws {
        let now = MediaSchedule.now()
        if deadline > now { try await Task.sleep(nanoseconds: deadline - now) }
    }

    /// CPU seconds of this process (the load generator, while the traffic runs).
    private static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
