/// How the ATAS interface shows a text on phones (docs/atas.md, "Showing a text on phones"):
/// the server implements it with the call core's SIP MESSAGE path, the one the system-phone
/// destinations use.
public protocol ATASTextDelivery: Sendable {
    /// The call numbers of a message group's members now; `nil` when there is no such group.
    func members(ofMessageGroup number: Int) -> [String]?

    /// Sends `text` to every registered terminal of `user` and reports what became of it once
    /// each has answered or timed out.
    func show(_ text: String, toUser user: String) async -> ATASTextOutcome
}
