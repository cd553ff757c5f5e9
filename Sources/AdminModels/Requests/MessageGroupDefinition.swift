import Domain

/// `PUT /api/v1/message-groups/{number}`: the whole group — its name and its members (at most
/// 16 existing users, manual Tab. 13); the number is the path's.
public struct MessageGroupDefinition: Codable, Sendable, Hashable {
    public var name: String
    public var members: [String]

    public init(name: String, members: [String]) {
        self.name = name
        self.members = members
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, members }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name), members: try container.decode([String].self, forKey: .members))
    }

    public func group(number: Int) -> MessageGroup {
        MessageGroup(number: number, name: name, members: members)
    }
}
