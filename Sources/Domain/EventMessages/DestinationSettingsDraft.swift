/// A destination's settings as an administrator enters them (API, CLI, a web admin), secrets
/// in plaintext; `decide` turns them into ``Settings`` with ``settle(keeping:sealing:)``.
///
/// Drafts decode themselves from the request's JSON with their defaults (`facility` 16, `port`
/// 162 …) and refuse members they do not have, so every front end gets the same rules.
public protocol DestinationSettingsDraft: Sendable, Hashable, Decodable {
    associatedtype Settings: DestinationSettings

    /// Checks the draft against the manual's rules and seals its secrets. Returns `current`
    /// itself when the draft describes it, so an idle re-submission of a form appends nothing
    /// (sealing the same secret twice gives other bytes).
    func settle(keeping current: Settings?, sealing: any SecretSealing) throws(DomainError) -> Settings
}

extension DestinationSettingsDraft {
    /// The settings for `destination`, refused when its kind does not take them.
    func settled(for destination: SignalDestination, sealing: any SecretSealing) throws(DomainError) -> DestinationSettingsObject {
        guard Settings.kinds.contains(destination.kind) else {
            let kinds = Settings.kinds.map(\.rawValue).sorted().joined(separator: ", ")
            throw .invalid(
                field: Settings.name, rule: "only \(kinds) destinations take \(Settings.description); \(destination.id) is \(destination.kind.rawValue)")
        }
        let current = try? destination.settings?.decode(as: Settings.self)
        return DestinationSettingsObject(try settle(keeping: current, sealing: sealing))
    }
}
