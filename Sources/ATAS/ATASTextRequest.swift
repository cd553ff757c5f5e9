import Domain

/// The alarm server's request to show a text on phones (docs/atas.md, "Showing a text on
/// phones"), checked against its rules before anything is sent.
struct ATASTextRequest: Sendable, Hashable {
    enum Recipients: Sendable, Hashable {
        /// Call numbers, each reported on its own.
        case users([String])
        /// A message group's number; its members at the time of the request.
        case messageGroup(Int)
    }

    /// The alarm server's reference, echoed in the result.
    var request: String
    var recipients: Recipients
    var text: String
    var softkeys: [String]

    /// The members as they come off the line.
    struct Wire: Decodable {
        var request: String
        var users: [String]?
        var messageGroup: Int?
        var text: String
        var softkeys: [String]?

        enum CodingKeys: String, CodingKey { case request, users, messageGroup, text, softkeys }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            request = try container.decode(String.self, forKey: .request)
            users = try container.decodeIfPresent([String].self, forKey: .users)
            messageGroup = try container.integer(Int.self, forKey: .messageGroup)
            text = try container.decode(String.self, forKey: .text)
            softkeys = try container.decodeIfPresent([String].self, forKey: .softkeys)
        }
    }

    /// The longest softkey label: what a phone's key shows.
    static let softkeyLength = 12

    /// - Throws: ``ATASProtocolError`` `invalid_field` naming the field and its rule.
    init(_ wire: Wire) throws(ATASProtocolError) {
        let reference = wire.request
        guard (1...64).contains(reference.count), reference.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw .invalid("request", "1 to 64 printable ASCII characters without spaces")
        }
        func invalid(_ field: String, _ rule: String) -> ATASProtocolError { .invalid(field, rule, request: reference) }
        switch (wire.users, wire.messageGroup) {
        case (let users?, nil):
            let limit = CapacityLimit.atasTextRecipients
            guard (1...limit.max).contains(users.count) else {
                throw invalid("users", "1 to \(limit.max) call numbers (\(limit.rawValue), \(limit.reference))")
            }
            guard users.allSatisfy({ (1...32).contains($0.count) && !$0.contains(where: \.isWhitespace) }) else {
                throw invalid("users", "each a call number of 1 to 32 characters")
            }
            recipients = .users(users)
        case (nil, let group?):
            let groups = 1...CapacityLimit.messageGroups.max
            guard groups.contains(group) else { throw invalid("messageGroup", "a message group's number, \(groups.lowerBound) to \(groups.upperBound)") }
            recipients = .messageGroup(group)
        case (nil, nil), (_?, _?):
            throw invalid("users", "either users or messageGroup, not both and not neither")
        }
        let length = CapacityLimit.atasTextLength
        guard length.range.contains(wire.text.count) else {
            throw invalid("text", "\(length.min) to \(length.max) characters (\(length.rawValue), \(length.reference))")
        }
        guard !wire.text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
            throw invalid("text", "no control characters but line feeds")
        }
        let softkeys = wire.softkeys ?? []
        let keys = CapacityLimit.atasSoftkeys
        guard softkeys.count <= keys.max else { throw invalid("softkeys", "at most \(keys.max) labels (\(keys.rawValue), \(keys.reference))") }
        guard softkeys.allSatisfy({ (1...Self.softkeyLength).contains($0.count) && !$0.contains(where: { $0.isNewline || $0 == "[" || $0 == "]" }) })
        else {
            throw invalid("softkeys", "each label 1 to \(Self.softkeyLength) characters on one line, without [ or ]")
        }
        request = reference
        text = wire.text
        self.softkeys = softkeys
    }

    /// What the terminals show: the text, then the softkeys as a line of bracketed labels (SIP
    /// has no standard way to describe keys, docs/atas.md).
    var shownText: String {
        softkeys.isEmpty ? text : text + "\n" + softkeys.map { "[\($0)]" }.joined(separator: " ")
    }
}
