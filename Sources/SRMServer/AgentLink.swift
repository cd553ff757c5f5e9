/// The SRM server's hold on one agent connection: which one it is, how to send it a frame (a
/// maintenance session's request, from a technician's request handler), and how to close it when
/// a newer connection of the same system replaces it.
struct AgentLink: Sendable {
    let connection: UInt64
    /// Writes one encoded ``SRMServerFrame`` as one WebSocket message.
    let send: @Sendable (String) async throws -> Void
    let close: @Sendable () async -> Void
}
