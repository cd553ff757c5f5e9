import AdminModels
import Domain

/// A numbered trunk record as the API serves it: providers and accounts are each 1…10 records
/// in the trunk configuration, on a stream of their own.
struct TrunkResource<Record, View: JSONWritable> {
    let parameter: String
    let limit: CapacityLimit
    /// The entity a 404 names.
    let entity: String
    let records: (TrunkConfiguration) -> [String: Record]
    let number: (Record) -> Int
    let stream: (Int) -> String
    let view: (Record, Int64) -> View
}

extension TrunkResource where Record == SIPProvider, View == SIPProviderView {
    static var providers: Self {
        Self(
            parameter: "provider", limit: .sipProviders, entity: "sip_provider", records: \.providers, number: \.number,
            stream: DomainEvent.sipProviderStream, view: SIPProviderView.init)
    }
}

extension TrunkResource where Record == SIPAccount, View == SIPAccountView {
    static var accounts: Self {
        Self(
            parameter: "account", limit: .sipAccounts, entity: "sip_account", records: \.accounts, number: \.number,
            stream: DomainEvent.sipAccountStream, view: SIPAccountView.init)
    }
}
