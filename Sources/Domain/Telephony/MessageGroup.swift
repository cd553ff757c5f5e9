/// An announcement / message group (manual §3.1.2 Tab. 13: at most 50 groups of at most 16
/// users each): the users an event message for a system-phone destination is shown to. The
/// destination "system phone 1" is fixed to group 16 and "system phone 2" to group 15
/// (§6.3.1.3).
public struct MessageGroup: Sendable, Hashable, Codable {
    /// 1 to 50 (``CapacityLimit/messageGroups``).
    public var number: Int
    public var name: String
    /// The members' call numbers, each once, in call-number order.
    public var members: [String]

    public init(number: Int, name: String, members: [String] = []) {
        self.number = number
        self.name = name
        self.members = members
    }

    /// The group of the signal destination "system phone 1" (§6.3.1.3).
    public static let systemPhone1 = 16
    /// The group of the signal destination "system phone 2" (§6.3.1.3).
    public static let systemPhone2 = 15
}
