/// One row seen by the replay fast path (``EventLog/scan(after:limit:_:)``): no String or UUID
/// is built unless the reader asks for it. The buffers are valid only inside the callback.
public struct RawEventRow {
    public let position: Int64
    public let schema: Int
    /// UTF-8 bytes of the type.
    public let type: UnsafeBufferPointer<UInt8>
    /// UTF-8 bytes of the stream.
    public let stream: UnsafeBufferPointer<UInt8>
    /// UTF-8 bytes of the canonical JSON payload.
    public let payload: UnsafeBufferPointer<UInt8>

    public init(position: Int64, schema: Int, type: UnsafeBufferPointer<UInt8>, stream: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) {
        self.position = position
        self.schema = schema
        self.type = type
        self.stream = stream
        self.payload = payload
    }
}
