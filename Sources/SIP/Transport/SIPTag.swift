/// Tags (RFC 3261 §19.3): at least 32 bits of randomness, so two dialogs never share one.
public enum SIPTag {
    /// 64 random bits as 16 lower-case hex digits.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
