extension G711Law {
    /// A-law compression as in G.191's `alaw_compress`: the 12-bit magnitude is split into a
    /// three-bit exponent and a four-bit mantissa (the first segment has no leading one), the
    /// sign bit is set for positive samples, and the even bits are inverted (XOR 0x55).
    static func aLawCode(_ sample: Int16) -> UInt8 {
        let value = Int(sample)
        var magnitude = (value < 0 ? ~value : value) >> 4
        if magnitude > 15 {
            var exponent = 1
            while magnitude > 16 + 15 {
                magnitude >>= 1
                exponent += 1
            }
            magnitude = magnitude - 16 + (exponent << 4)
        }
        if value >= 0 { magnitude |= 0x80 }
        return UInt8(magnitude ^ 0x55)
    }

    /// A-law expansion as in G.191's `alaw_expand`, scaled back to 16 bits.
    static func aLawSample(_ code: UInt8) -> Int16 {
        let toggled = Int(code ^ 0x55) & 0x7F
        let exponent = toggled >> 4
        var mantissa = toggled & 0x0F
        if exponent > 0 { mantissa += 16 }
        mantissa = (mantissa << 4) + 0x08
        if exponent > 1 { mantissa <<= exponent - 1 }
        return Int16(code > 127 ? mantissa : -mantissa)
    }
}
