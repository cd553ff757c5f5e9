import Domain

/// One row of the DDI plan: the DDI number or range and the user it rings.
public struct DDIAssignmentView: Codable, Sendable, Hashable, JSONWritable {
    public var ddi: String
    public var user: String

    public init(ddi: String, user: String) {
        self.ddi = ddi
        self.user = user
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case ddi, user }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(ddi: try container.decode(String.self, forKey: .ddi), user: try container.decode(String.self, forKey: .user))
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("ddi", ddi)
        writer.member("user", user)
        writer.endObject()
    }
}
