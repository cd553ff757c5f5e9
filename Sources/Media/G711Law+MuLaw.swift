extension G711Law {
    /// µ-law compression as in G.191's `ulaw_compress`: the 14-bit magnitude plus the bias 33
    /// falls into one of eight segments (the exponent); the four bits below the segment's
    /// leading one are the mantissa; the code is sent inverted, sign bit set for positive.
    static func muLawCode(_ sample: Int16) -> UInt8 {
        let value = Int(sample)
        let magnitude = min(((value < 0 ? ~value : value) >> 2) + 33, 0x1FFF)
        var segment = 1
        var rest = magnitude >> 6
        while rest != 0 {
            segment += 1
            rest >>= 1
        }
        let mantissa = 0x0F - ((magnitude >> segment) & 0x0F)
        let code = ((8 - segment) << 4) | mantissa
        return UInt8(value >= 0 ? code | 0x80 : code)
    }

    /// µ-law expansion as in G.191's `ulaw_expand`, scaled back to 16 bits.
    static func muLawSample(_ code: UInt8) -> Int16 {
        let inverted = Int(~code)
        let exponent = (inverted >> 4) & 0x07
        let mantissa = inverted & 0x0F
        let step = 4 << (exponent + 1)
        let magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33
        return Int16(code < 0x80 ? -magnitude : magnitude)
    }
}
