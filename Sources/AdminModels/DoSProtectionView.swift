import Domain

/// `GET /api/v1/sip/dos-protection`: the settings in force (manual Tab. 24's "maximum
/// configured admissible registration attempts or transactions" and the block period) and the
/// addresses blocked now, by address.
public struct DoSProtectionView: Codable, Sendable, Hashable, JSONWritable {
    public var failedRegistrations: Int
    public var transactions: Int
    public var requestsWithoutSession: Int
    public var modifiedMessages: Int
    public var windowSeconds: Int
    public var blockSeconds: Int
    public var blocked: [BlockedAddressView]
    /// The settings' stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(settings: DoSProtectionSettings, blocked: [BlockedAddressView], version: Int64) {
        failedRegistrations = settings.failedRegistrations
        transactions = settings.transactions
        requestsWithoutSession = settings.requestsWithoutSession
        modifiedMessages = settings.modifiedMessages
        windowSeconds = settings.windowSeconds
        blockSeconds = settings.blockSeconds
        self.blocked = blocked
        self.version = version
    }

    /// The settings part, as a `PUT` takes it.
    public var settings: DoSProtectionSettings {
        DoSProtectionSettings(
            failedRegistrations: failedRegistrations, transactions: transactions, requestsWithoutSession: requestsWithoutSession,
            modifiedMessages: modifiedMessages, windowSeconds: windowSeconds, blockSeconds: blockSeconds)
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("blockSeconds", blockSeconds)
        writer.member("blocked", blocked)
        writer.member("failedRegistrations", failedRegistrations)
        writer.member("modifiedMessages", modifiedMessages)
        writer.member("requestsWithoutSession", requestsWithoutSession)
        writer.member("transactions", transactions)
        writer.member("version", version)
        writer.member("windowSeconds", windowSeconds)
        writer.endObject()
    }
}
