import Foundation
import Testing

@testable import Media

/// The acknowledgement and refusal tones as samples: frequency, level and cadence.
@Suite struct ToneTests {
    /// Signal power at `frequency` (Goertzel), for a tone detector independent of the generator.
    static func goertzel(_ samples: [Int16], frequency: Double) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(Tone.sampleRate))
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    static func zeroCrossings(_ samples: [Int16]) -> Int {
        zip(samples, samples.dropFirst()).count { ($0 < 0) != ($1 < 0) }
    }

    @Test func acknowledgementIsAContinuous425HzTone() {
        let second = Tone.acknowledgement.samples(from: 0, count: Tone.sampleRate)
        // 425 periods have 850 zero crossings.
        #expect(abs(Self.zeroCrossings(second) - 850) <= 2)
        let at425 = Self.goertzel(second, frequency: 425)
        for other in [350.0, 400, 450, 1_000] { #expect(at425 > 1_000 * Self.goertzel(second, frequency: other), "\(other) Hz") }
        // −10 dBm0: a peak of 22,656 × 10^(−0.5) ≈ 7,164.
        #expect(abs(Int(second.max()!) - 7_164) <= 2 && abs(Int(second.min()!) + 7_164) <= 2)
    }

    @Test func blocksJoinWithoutAJump() {
        let whole = Tone.acknowledgement.samples(from: 0, count: 320)
        #expect(Tone.acknowledgement.samples(from: 0, count: 160) + Tone.acknowledgement.samples(from: 160, count: 160) == whole)
    }

    @Test func refusalHasTheCongestionCadence() {
        let samples = Tone.refusal.samples(from: 0, count: 4 * 1_920)
        let on = Array(samples[0..<1_920])
        let off = samples[1_920..<3_840]
        #expect(off.allSatisfy { $0 == 0 }, "0.24 s of silence")
        #expect(samples[3_840..<5_760].contains { $0 != 0 }, "then the tone again")
        #expect(abs(Self.zeroCrossings(on) - 204) <= 2, "0.24 s of 425 Hz")
    }
}
