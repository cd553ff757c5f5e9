/// What the dialled string turned out to be when the call core routed it (issue 15, points 4–6):
/// the `kind` of `call.started`. Stored by its raw value; an unknown one is refused on replay.
public enum CallKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A user's call number (manual §2.4).
    case `internal`
    /// A public emergency number (manual Tab. 13), never refused by capacity or permission.
    case emergency
    /// A function code of Tab. 23 (`*754`, `*77nnnn` …), answered with an acknowledgement.
    case functionCode
    /// An outside number after the exchange access code, carried over a SIP trunk (issue 16,
    /// point 2).
    case outgoing
    /// A call from the public network to a DDI number, over a SIP trunk (issue 16, point 2).
    case incoming
}
