/// `GET /api/v1/accounts`: every user account, by name.
public struct AccountList: Codable, Sendable, Hashable, JSONWritable {
    public var accounts: [AccountView]

    public init(accounts: [AccountView]) {
        self.accounts = accounts
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("accounts")
        writer.array(accounts)
        writer.endObject()
    }
}
