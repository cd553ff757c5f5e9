import Domain

/// `PUT /api/v1/trunks/ddi-plan`: the whole plan. `defaultDestination` absent or `null` means
/// none.
public struct DDIPlanChange: Codable, Sendable, Hashable {
    public var assignments: [DDIAssignmentView]
    public var defaultDestination: String?

    public init(assignments: [DDIAssignmentView], defaultDestination: String? = nil) {
        self.assignments = assignments
        self.defaultDestination = defaultDestination
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case assignments, defaultDestination }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            assignments: try container.decode([DDIAssignmentView].self, forKey: .assignments),
            defaultDestination: try container.decodeIfPresent(String.self, forKey: .defaultDestination))
    }

    public var plan: DDIPlan {
        DDIPlan(assignments: assignments.map { DDIAssignment(ddi: $0.ddi, user: $0.user) }, defaultDestination: defaultDestination)
    }
}
