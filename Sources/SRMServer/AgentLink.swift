/// The SRM server's hold on one agent connection: which one it is, and how to close it when a
/// newer connection of the same system replaces it.
struct AgentLink: Sendable {
    let connection: UInt64
    let close: @Sendable () async -> Void
}
