/// What became of a text for one user (docs/atas.md: the `outcome` of a `show_text_result`).
public enum ATASTextOutcome: Sendable, Hashable {
    /// At least one terminal answered 2xx.
    case shown(terminals: Int)
    /// The user has no registered terminal.
    case notRegistered
    /// Every terminal answered ≥ 300 or not at all; the first final status (408 for none).
    case refused(terminals: Int, sipStatus: Int)
    /// No user has the call number.
    case unknownUser

    var name: String {
        switch self {
        case .shown: "shown"
        case .notRegistered: "not_registered"
        case .refused: "refused"
        case .unknownUser: "unknown_user"
        }
    }

    var terminals: Int {
        switch self {
        case .shown(let terminals), .refused(let terminals, _): terminals
        case .notRegistered, .unknownUser: 0
        }
    }
}
