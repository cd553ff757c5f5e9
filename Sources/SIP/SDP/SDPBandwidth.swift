/// A `b=<bwtype>:<bandwidth>` line (RFC 4566 §5.8), in kilobits per second for `CT` and `AS`;
/// other types (e.g. RFC 3890 `TIAS`, in bits per second) are kept with their number.
public struct SDPBandwidth: Sendable, Hashable {
    public var type: String
    public var value: UInt64

    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }
}
