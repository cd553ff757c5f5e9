/// The address of the SRM destination (`host:port`, a URL), kept until its plug-in lands with
/// its own settings (issue 19). E-mail destinations have theirs (``EmailRecipient``), the ATAS
/// destination too (``ATASSettings``).
///
/// The API has always taken it as a plain string, `"address": "…"`, so it decodes from one and
/// shows itself as one.
public struct DestinationAddress: Sendable, Hashable {
    public var address: String

    public init(_ address: String) { self.address = address }
}

extension DestinationAddress: DestinationSettings {
    public static let name = "address"
    public static let kinds: Set<SignalDestinationKind> = [.srm]
    public static let payload = PayloadFields<DestinationAddress>(blank: DestinationAddress(""), [.string("address", \.address)])

    public var view: String { address }
}

extension DestinationAddress: DestinationSettingsDraft {
    public func settle(keeping current: DestinationAddress?, sealing: any SecretSealing) throws(DomainError) -> DestinationAddress {
        guard !address.isEmpty, address.utf8.count <= 255, !address.contains(where: { $0.isWhitespace }) else {
            throw .invalid(field: "address", rule: "1…255 characters without spaces")
        }
        return self
    }
}

extension DestinationAddress: Decodable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
}
