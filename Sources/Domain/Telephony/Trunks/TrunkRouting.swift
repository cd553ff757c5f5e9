/// How calls reach the trunks (issue 16, point 2; manual §2.4): the exchange access code a user
/// dials before an outside number (the "0" of most private numbering plans).
public struct TrunkRouting: Sendable, Hashable, Codable {
    /// 1 to 4 digits.
    public var exchangeAccessCode: String

    public init(exchangeAccessCode: String = TrunkRouting.defaultExchangeAccessCode) {
        self.exchangeAccessCode = exchangeAccessCode
    }

    public static let defaultExchangeAccessCode = "0"
}
