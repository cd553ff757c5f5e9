import Testing

@testable import Media

/// ITU-T G.711 as the G.191 reference implementation computes it. The A-law values and the
/// positive µ-law values agree with Python's `audioop`, an independent implementation; for
/// negative µ-law samples `audioop` negates (two's complement) where G.191 complements (one's
/// complement), so at some step boundaries, -100 among them, the two differ by one code, and
/// these tests follow G.191.
@Suite struct G711LawTests {
    static let muLawCodes: [(Int16, UInt8)] = [
        (0, 0xFF), (1, 0xFF), (-1, 0x7F), (100, 0xF2), (-100, 0x73), (1000, 0xCE), (-1000, 0x4E), (4000, 0xAF), (-4000, 0x2F),
        (8031, 0xA0), (12345, 0x97), (-12345, 0x17), (32767, 0x80), (-32768, 0x00),
    ]
    static let aLawCodes: [(Int16, UInt8)] = [
        (0, 0xD5), (-1, 0x55), (100, 0xD3), (-100, 0x53), (1000, 0xFA), (-1000, 0x7A), (4000, 0x9A), (-4000, 0x1A), (8031, 0x8A),
        (12345, 0xBD), (-12345, 0x3D), (32767, 0xAA), (-32768, 0x2A),
    ]
    static let muLawSamples: [(UInt8, Int16)] = [
        (0x00, -32124), (0x7F, 0), (0x80, 32124), (0xFF, 0), (0x55, -716), (0xD5, 716), (0x2A, -5372), (0xAA, 5372), (0x13, -14460),
        (0x9C, 9852),
    ]
    static let aLawSamples: [(UInt8, Int16)] = [
        (0x00, -5504), (0x7F, -848), (0x80, 5504), (0xFF, 848), (0x55, -8), (0xD5, 8), (0x2A, -32256), (0xAA, 32256), (0x13, -2880),
        (0x9C, 3264),
    ]

    @Test(arguments: muLawCodes) func muLawEncodes(_ sample: Int16, _ code: UInt8) {
        #expect(G711Law.muLaw.encode(sample) == code)
    }

    @Test(arguments: aLawCodes) func aLawEncodes(_ sample: Int16, _ code: UInt8) {
        #expect(G711Law.aLaw.encode(sample) == code)
    }

    @Test(arguments: muLawSamples) func muLawDecodes(_ code: UInt8, _ sample: Int16) {
        #expect(G711Law.muLaw.decode(code) == sample)
    }

    @Test(arguments: aLawSamples) func aLawDecodes(_ code: UInt8, _ sample: Int16) {
        #expect(G711Law.aLaw.decode(code) == sample)
    }

    /// Every code decodes to the middle of its own step, so encoding that value gives the code
    /// back — except µ-law's negative zero, 0x7F, which decodes to 0 like 0xFF.
    @Test(arguments: G711Law.allCases) func everyCodeSurvivesARoundTrip(_ law: G711Law) {
        for code in UInt8.min...UInt8.max where !(law == .muLaw && code == 0x7F) {
            #expect(law.encode(law.decode(code)) == code, "code \(code)")
        }
    }

    /// Logarithmic companding keeps the error proportional to the sample: never more than half
    /// the top segment's step (512) beyond the clipping point, and about 1/32 of the value below.
    @Test(arguments: G711Law.allCases) func everySampleIsReconstructedClosely(_ law: G711Law) {
        var worst = 0
        for sample in Int16.min...Int16.max {
            let error = abs(Int(law.decode(law.encode(sample))) - Int(sample))
            #expect(error <= max(16, abs(Int(sample)) / 32 + 8) || abs(Int(sample)) > 32_000, "sample \(sample)")
            worst = max(worst, error)
        }
        #expect(worst <= 644, "µ-law clips at 32,124, A-law at 32,256")
    }

    @Test func payloadTypesAndNames() {
        #expect(G711Law.muLaw.payloadType == 0 && G711Law.muLaw.encodingName == "PCMU")
        #expect(G711Law.aLaw.payloadType == 8 && G711Law.aLaw.encodingName == "PCMA")
        #expect(G711Law(payloadType: 0, encoding: nil, clockRate: nil) == .muLaw)
        #expect(G711Law(payloadType: 8, encoding: nil, clockRate: nil) == .aLaw)
        #expect(G711Law(payloadType: 9, encoding: nil, clockRate: nil) == nil)
        #expect(G711Law(payloadType: 96, encoding: "pcma", clockRate: 8_000) == .aLaw, "RFC 4855 §3: case-insensitive")
        #expect(G711Law(payloadType: 0, encoding: "PCMU", clockRate: 16_000) == nil, "G.711 is 8 kHz only")
        #expect(G711Law(payloadType: 0, encoding: "PCMU", clockRate: 8_000, channels: 2) == nil)
        #expect(G711Law(payloadType: 0, encoding: "opus", clockRate: 48_000) == nil, "an rtpmap overrides the static number")
    }
}
