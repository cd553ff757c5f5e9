import Foundation

extension MediaBench {
    /// Prints each window and the run's totals, and makes the figures of ``MediaBench``.
    func figures(_ measurement: Measurement) throws -> [BenchFigure] {
        let relayed = measurement.tallies[MediaStream.Path.relayed.rawValue]
        let direct = measurement.tallies[MediaStream.Path.direct.rawValue]
        var relayedTotal = MediaWindowTally()
        var directTotal = MediaWindowTally()
        for tally in relayed { relayedTotal.merge(tally) }
        for tally in direct { directTotal.merge(tally) }
        let faults = { (tally: MediaWindowTally) in
            "\(tally.refused) refused by the kernel at sending, \(tally.corrupt) corrupt, \(tally.unauthenticated) failed SRTP, \(tally.strays) from elsewhere"
        }
        guard relayedTotal.received > 0, directTotal.received > 0 else {
            throw BenchError(
                "media: nothing came back (relayed: \(relayedTotal.sent) sent, \(faults(relayedTotal)); direct: \(directTotal.sent) sent, \(faults(directTotal)))"
            )
        }

        var addedP99: [Double] = [], directP99: [Double] = []
        var addedMedian: [Double] = [], directMedian: [Double] = []
        for number in 1...windows {
            let (through, baseline) = (relayed[number], direct[number])
            addedP99.append(through.delayMilliseconds(0.99) - baseline.delayMilliseconds(0.99))
            directP99.append(baseline.delayMilliseconds(0.99))
            addedMedian.append(through.delayMilliseconds(0.5) - baseline.delayMilliseconds(0.5))
            directMedian.append(baseline.delayMilliseconds(0.5))
            print(
                String(
                    format:
                        "media window %d: relay CPU %.1f %% of a core (load generator %.1f %%); one-way delay through the relay p50 %.3f ms, p99 %.3f ms, direct p50 %.3f ms, p99 %.3f ms: added p50 %.3f ms, p99 %.3f ms; relayed %d sent, %d lost; generator late > %d ms in %d of %d slots",
                    number, measurement.relayCPU[number - 1], measurement.generatorCPU[number - 1], through.delayMilliseconds(0.5),
                    through.delayMilliseconds(0.99), baseline.delayMilliseconds(0.5), baseline.delayMilliseconds(0.99), addedMedian.last!,
                    addedP99.last!, through.sent, through.lost, Int(MediaLoadLoop.lateness / 1_000_000), through.lateSlots,
                    Int(window / MediaLoadLoop.slotLength) * Self.generatorThreads))
        }
        let shares = { (runs: [Double]) in runs.map { String(format: "%.1f %%", $0) }.joined(separator: ", ") }
        print(
            "media bare SRTP floor in the relay's process (unprotect+protect of \(packetsPerSecond) packets/s, one thread, the relay holding no session): over \(relayedDirections) key pairs in turn (\(relaySessions) sessions alive) \(shares(measurement.floor)); over one key pair \(shares(measurement.emptyFloor))"
        )
        let closing = measurement.closing.map {
            "; at close the relay counted \($0.fromCallers) from callers, \($0.fromCallees) from callees, \($0.dropped) dropped, \($0.lost) missing on arrival"
        }
        print(
            "media totals: relayed \(relayedTotal.sent) sent, \(relayedTotal.received) received, \(relayedTotal.lost) lost (\(faults(relayedTotal))); relay counters \(measurement.relayed) relayed, \(measurement.dropped) dropped\(closing ?? ""); direct \(directTotal.sent) sent, \(directTotal.received) received, \(directTotal.lost) lost (\(faults(directTotal)))"
        )

        let rate = packetsPerSecond.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        return [
            BenchFigure(
                name:
                    "SRTP packets through the relay, received by the load generator (\(calls) calls; lost \(relayedTotal.lost), relay dropped \(measurement.dropped))",
                value: Double(relayedTotal.received), unit: "packets", baselineName: "sent by it", baseline: Double(relayedTotal.sent),
                target: .ratioAtLeast(1)),
            BenchFigure(
                name: "one-way delay the relay adds, p99 (through the relay − direct)", runs: addedP99, unit: "ms",
                baselineName: "load generator → itself on loopback, p99", baselineRuns: directP99, smallerIsBetter: true, target: .valueAtMost(1)),
            BenchFigure(
                name: "one-way delay the relay adds, median (through the relay − direct)", runs: addedMedian, unit: "ms",
                baselineName: "load generator → itself on loopback, median", baselineRuns: directMedian, smallerIsBetter: true,
                target: .informational),
            BenchFigure(
                name: "relay CPU for \(calls) SRTP calls (\(rate) packets/s unprotected and re-protected), share of one core",
                value: median(measurement.relayCPU), unit: "%",
                baselineName: "bare libsrtp2 unprotect+protect of as many over \(relayedDirections) key pairs in the relay's process, one thread",
                baseline: median(measurement.floor), target: .valueAtMost(25)),
            BenchFigure(
                name:
                    "bare libsrtp2 unprotect+protect of \(rate) packets/s over \(relayedDirections) key pairs (\(relaySessions) SRTP sessions alive), share of one core",
                value: median(measurement.floor), unit: "%", baselineName: "the same over one key pair",
                baseline: median(measurement.emptyFloor),
                target: .informational),
        ]
    }
}
