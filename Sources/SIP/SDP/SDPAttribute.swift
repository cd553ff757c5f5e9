/// An `a=` line (RFC 4566 §5.13): a property attribute (`a=sendonly`, no value) or a value
/// attribute (`a=rtpmap:0 PCMU/8000`). Kept in their order, unknown ones included, so a B2BUA
/// can pass through what it does not read; typed accessors on ``SDPMediaDescription`` and
/// ``SDPSessionDescription`` read the ones it does.
public struct SDPAttribute: Sendable, Hashable {
    /// The `att-field` token; compared case-sensitively, as §5.13 and the registrations spell them.
    public var name: String
    /// `nil` for a property attribute; the text after the first `:` otherwise, possibly empty.
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }
}
