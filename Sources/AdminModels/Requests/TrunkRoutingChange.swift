import Domain

/// `PUT /api/v1/trunks/routing`: the exchange access code.
public struct TrunkRoutingChange: Codable, Sendable, Hashable {
    public var exchangeAccessCode: String

    public init(exchangeAccessCode: String) {
        self.exchangeAccessCode = exchangeAccessCode
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case exchangeAccessCode }

    public init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(exchangeAccessCode: try container.decode(String.self, forKey: .exchangeAccessCode))
    }

    public var routing: TrunkRouting { TrunkRouting(exchangeAccessCode: exchangeAccessCode) }
}
