import Foundation

/// A single-frequency tone with an optional on/off cadence, as 8 kHz linear samples for G.711.
///
/// The manual says only that switching remote maintenance by function code "is signalled by an
/// acknowledgement tone" (§5.4.2) and names no frequency or cadence, so the tones are those a
/// European telephone user knows: 425 Hz (ETSI TR 101 041 and ITU-T E.180 Suppl. 2 list it for
/// most European networks), continuous for the acknowledgement and 0.24 s on / 0.24 s off — the
/// congestion cadence — for a refusal. Both play at −10 dBm0, the level those tables give for
/// dial tone (see docs/decisions.md, "Function codes and their tones").
public struct Tone: Sendable, Hashable {
    /// Samples per second: G.711's rate (RFC 3551 §4.5.14).
    public static let sampleRate = 8_000

    /// The 16-bit peak amplitude of a 0 dBm0 sine: µ-law's overload point (+3.17 dBm0, G.711
    /// Tab. 1) is its 14-bit maximum 8,159, so 0 dBm0 peaks at 8,159 / 10^(3.17/20) ≈ 5,664 in
    /// 14 bits, 22,656 in 16. A-law's reference differs by 0.03 dB, which no ear hears.
    public static let zeroDBm0Peak = 22_656.0

    public var frequency: Double
    /// Level in dBm0 (≤ 3 so the sine never clips).
    public var level: Double
    /// Samples of tone per cadence cycle; `nil` for a continuous tone.
    public var onSamples: Int?
    /// Samples of silence after each ``onSamples``.
    public var offSamples: Int

    public init(frequency: Double, level: Double = -10, on: Int? = nil, off: Int = 0) {
        precondition(frequency > 0 && frequency < Double(Self.sampleRate) / 2, "a tone lies below the Nyquist frequency of 4 kHz")
        precondition(level <= 3, "a level above +3 dBm0 clips in G.711")
        precondition((on.map { $0 > 0 } ?? true) && off >= 0, "a cadence has a positive on time")
        self.frequency = frequency
        self.level = level
        self.onSamples = on
        self.offSamples = off
    }

    /// The acknowledgement tone of §5.4.2: continuous 425 Hz.
    public static let acknowledgement = Tone(frequency: 425)

    /// The refusal tone: 425 Hz, 0.24 s on and 0.24 s off (ETSI TR 101 041's congestion
    /// cadence), for a function code the user may not use.
    public static let refusal = Tone(frequency: 425, on: 1_920, off: 1_920)

    /// The sample with index `index`, counted from the start of the tone, so consecutive blocks
    /// join without a click.
    public func sample(at index: Int) -> Int16 {
        if let onSamples, index % (onSamples + offSamples) >= onSamples { return 0 }
        let peak = Self.zeroDBm0Peak * pow(10, level / 20)
        let phase = 2 * Double.pi * frequency * Double(index) / Double(Self.sampleRate)
        return Int16((peak * sin(phase)).rounded())
    }

    /// `count` samples starting at index `start`.
    public func samples(from start: Int, count: Int) -> [Int16] {
        (start..<start + count).map(sample(at:))
    }
}
