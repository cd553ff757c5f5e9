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

    /// The user a call to `number` rings: its row's, else the default destination; `nil` when
    /// neither names one.
    public func user(for number: String) -> String? {
        for assignment in assignments {
            if let range = try? DDIRange(assignment.ddi), range.contains(number) { return assignment.user }
        }
        return defaultDestination
    }
}
