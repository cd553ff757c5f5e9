/// A queued append: await ``result()`` for the moment its events are durable.
public struct AppendTicket: Sendable {
    public func result() async throws -> AppendResult { fatalError("unimplemented") }
}
