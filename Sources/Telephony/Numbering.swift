import Domain

/// The numbering plan as far as internal calls need it (manual §2.4): a dialled string is a
/// user's call number, the beginning of one (more digits will come), or nothing.
///
/// Function codes and emergency numbers are resolved before this (they land with their issue
/// points).
struct Numbering {
    enum Resolution: Equatable {
        case user(User)
        /// Digits that begin at least one call number: 484 Address Incomplete (§21.4.22), so a
        /// phone with overlap dialling sends more.
        case incomplete
        case unknown
    }

    let users: [String: User]

    func resolve(_ dialled: String) -> Resolution {
        if let user = users[dialled] { return .user(user) }
        guard !dialled.isEmpty, dialled.allSatisfy(\.isNumber) else { return .unknown }
        return users.keys.contains { $0.hasPrefix(dialled) } ? .incomplete : .unknown
    }
}
