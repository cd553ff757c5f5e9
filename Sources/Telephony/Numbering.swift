import Domain

/// The numbering plan as far as internal calls need it (manual §2.4): a dialled string is a
/// public emergency number, a user's call number, the beginning of one (more digits will come),
/// or nothing.
///
/// Emergency numbers come first: "Emergency call started" is raised for a number of the public
/// emergency number list (manual Tab. 24), and `decide` keeps users off those numbers, so the
/// order only matters for a log older than that rule. Function codes are resolved before this
/// (they land with their issue point).
struct Numbering {
    enum Resolution: Equatable {
        /// A number of the public emergency number list, as dialled.
        case emergency(String)
        case user(User)
        /// The exchange access code and an outside number (issue 16, point 2): the number
        /// without the code.
        case outside(String)
        /// Digits that begin at least one call number or emergency number: 484 Address
        /// Incomplete (§21.4.22), so a phone with overlap dialling sends more.
        case incomplete
        case unknown
    }

    let users: [String: User]
    /// The public emergency numbers in force (``SystemState/emergencyNumbers``).
    let emergencyNumbers: [String]
    /// The exchange access code while a SIP account exists, else `nil`.
    let exchangeAccessCode: String?

    init(users: [String: User], emergencyNumbers: [String], exchangeAccessCode: String? = nil) {
        self.users = users
        self.emergencyNumbers = emergencyNumbers
        self.exchangeAccessCode = exchangeAccessCode
    }

    /// The plan of a configuration: its users, the emergency numbers in force and, with a trunk,
    /// the exchange access code.
    init(state: SystemState) {
        self.init(
            users: state.users, emergencyNumbers: state.emergencyNumbers,
            exchangeAccessCode: state.trunks.accounts.isEmpty ? nil : state.trunks.routing.exchangeAccessCode)
    }

    /// Emergency numbers, then users' numbers, then the exchange access code: `decide` keeps a
    /// new code from starting a user's number, and a user whose number was there before the code
    /// is still reached by dialling the number whole.
    func resolve(_ dialled: String) -> Resolution {
        if emergencyNumbers.contains(dialled) { return .emergency(dialled) }
        if let user = users[dialled] { return .user(user) }
        // ASCII digits only: Unicode counts Arabic-Indic, full-width and Roman numerals as
        // numbers too, and none of them can be dialled on a trunk.
        guard !dialled.isEmpty, dialled.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return .unknown }
        if let code = exchangeAccessCode, dialled.hasPrefix(code) {
            let number = String(dialled.dropFirst(code.count))
            return number.isEmpty ? .incomplete : .outside(number)
        }
        let begins = users.keys.contains { $0.hasPrefix(dialled) } || emergencyNumbers.contains { $0.hasPrefix(dialled) }
        return begins ? .incomplete : .unknown
    }
}
