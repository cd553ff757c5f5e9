/// `GET /api/v1/trunks/accounts`: the configured SIP accounts, by number.
public struct SIPAccountList: Codable, Sendable, Hashable, JSONWritable {
    public var accounts: [SIPAccountView]

    public init(accounts: [SIPAccountView]) {
        self.accounts = accounts
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("accounts", accounts)
        writer.endObject()
    }
}
