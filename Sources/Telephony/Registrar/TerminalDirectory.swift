import Domain

/// The configured terminals indexed the two ways the call core looks them up on every request:
/// by registration name (a REGISTER, a caller's digest username) and by user (the terminals a
/// call to a user forks to). Without it each lookup walked up to 1,200 terminals (Tab. 13).
///
/// Built from ``SystemState/terminals`` and kept by the ``Registrar`` until that dictionary
/// changes. The check is `==` on the dictionary, which the standard library answers at once when
/// both share their storage — as they do until a terminal event is applied — so neither the
/// facts of calls nor other configuration changes cost a rebuild (the earlier index was keyed by
/// the log position and rebuilt after every call fact: 44 % of placing a call under load).
struct TerminalDirectory: Sendable {
    private(set) var terminals: [String: Terminal]
    private let idsByRegistrationName: [String: String]
    /// Ascending terminal ids, the order calls fork in.
    private let idsByUser: [String: [Int]]

    init(_ terminals: [String: Terminal]) {
        self.terminals = terminals
        var byName: [String: String] = [:]
        var byUser: [String: [Int]] = [:]
        for (id, terminal) in terminals {
            byName[terminal.registrationName] = id
            if let user = terminal.userNumber { byUser[user, default: []].append(terminal.id) }
        }
        idsByRegistrationName = byName
        idsByUser = byUser.mapValues { $0.sorted() }
    }

    /// This directory if it indexes `current`, else one built for it.
    func updated(for current: [String: Terminal]) -> TerminalDirectory {
        guard terminals == current else { return TerminalDirectory(current) }
        // Equal by value but perhaps not by storage (a state decoded anew): keep the indexes and
        // take the new storage, so the next check is the quick one.
        var same = self
        same.terminals = current
        return same
    }

    func terminal(named registrationName: String) -> Terminal? {
        idsByRegistrationName[registrationName].flatMap { terminals[$0] }
    }

    /// The terminals assigned to `userNumber`, by ascending id.
    func terminals(ofUser userNumber: String) -> [Terminal] {
        (idsByUser[userNumber] ?? []).compactMap { terminals[String($0)] }
    }
}
