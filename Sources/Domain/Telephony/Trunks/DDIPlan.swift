/// Where incoming calls over the trunks go (issue 16, point 2): the DDI number called → a user,
/// and the user a call to a number of the accounts' DDIs that no row names rings instead (the
/// reception, as a switchboard has it).
public struct DDIPlan: Sendable, Hashable, Codable {
    /// In the administrator's order; no two overlap.
    public var assignments: [DDIAssignment]
    public var defaultDestination: String?

    public init(assignments: [DDIAssignment] = [], defaultDestination: String? = nil) {
        self.assignments = assignments
        self.defaultDestination = defaultDestination
    }

    /// The number `user` presents on calls out over `account` (issue 16 point 2: the caller's
    /// DDI as the presented number): the first row of the plan that gives the user a single
    /// number among the account's DDIs, else the first number of such a range; `nil` when the
    /// plan gives the user none there, and the account's own number is presented instead.
    public func presentedNumber(of user: String, over account: SIPAccount) -> String? {
        let carried = account.ddis.compactMap { try? DDIRange($0) }
        let own = assignments.filter { $0.user == user }.compactMap { try? DDIRange($0.ddi) }.filter { range in
            carried.contains { $0.contains(range.first) && $0.contains(range.last) }
        }
        return (own.first { $0.first == $0.last } ?? own.first)?.first
    }

    /// The user a call to `number` rings: its row's, else the default destination; `nil` when
    /// neither names one.
    public func user(for number: String) -> String? {
        for assignment in assignments {
            if let range = try? DDIRange(assignment.ddi), range.contains(number) { return assignment.user }
        }
        return defaultDestination
    }
}
