extension PayloadField {
    /// The closures of a member read into and written from the bytes of its stored property.
    ///
    /// An access holds it unretained (`Unmanaged`): taking the closures out of the access for
    /// each member read was a retain and a release of their context every time, a thirtieth of
    /// the replay's work (issue 12; docs/benchmarks.md). Sound because the field that made the
    /// access keeps the object (`storedMember`), and ``PayloadFields`` reads only with accesses of
    /// fields it holds.
    final class StoredMember: Sendable {
        let read: @Sendable (inout JSONReader, UnsafeMutableRawPointer) throws(JSONReader.ReadError) -> Void
        let write: @Sendable (UnsafeRawPointer, inout CanonicalJSON) -> Void

        init(
            read: @escaping @Sendable (inout JSONReader, UnsafeMutableRawPointer) throws(JSONReader.ReadError) -> Void,
            write: @escaping @Sendable (UnsafeRawPointer, inout CanonicalJSON) -> Void
        ) {
            self.read = read
            self.write = write
        }
    }
}
