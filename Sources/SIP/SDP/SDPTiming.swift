/// A time description (RFC 4566 §5.9–§5.10): `t=<start> <stop>` as NTP seconds, `0 0` for the
/// unbounded sessions a call is, and its `r=` repeat lines kept as text.
public struct SDPTiming: Sendable, Hashable {
    public var start: UInt64
    public var stop: UInt64
    public var repeats: [String]

    public init(start: UInt64 = 0, stop: UInt64 = 0, repeats: [String] = []) {
        self.start = start
        self.stop = stop
        self.repeats = repeats
    }
}
