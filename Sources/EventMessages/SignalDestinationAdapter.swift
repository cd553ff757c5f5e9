/// What the delivery engine needs from a destination's protocol: take a batch, in order, or say
/// why not. One adapter per destination and configuration; the engine builds a new one when the
/// destination's settings change, and calls `close()` on the old one.
///
/// `deliver` must not return before the batch has been handed to the peer (written and flushed
/// for a stream, acknowledged for HTTP), because the engine moves the destination's cursor past
/// the batch as soon as it returns.
public protocol SignalDestinationAdapter: Sendable {
    /// - Throws: ``DeliveryFailure`` when the peer could not be reached or refused the batch.
    func deliver(_ batch: [EventMessageDelivery]) async throws(DeliveryFailure)
    func close() async
}
