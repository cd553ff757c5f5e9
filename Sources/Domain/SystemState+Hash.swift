extension SystemState {
    /// Canonical encoding: JSON with sorted keys. Also the snapshot format.
    public func canonicalEncoding() -> [UInt8] { fatalError("unimplemented") }

    /// Decodes a snapshot made by ``canonicalEncoding()``.
    public init(canonicalEncoding bytes: [UInt8]) throws { fatalError("unimplemented") }

    /// SHA-256 of the canonical encoding, lowercase hex: identifies a state.
    public func stateHash() -> String { fatalError("unimplemented") }

    /// Bump when the encoding changes, so old snapshots are ignored and the state replayed.
    public static let snapshotSchema = 1
}
