import Domain
import Foundation

/// One destination kind's plug-in (docs/architecture.md, "Signal destination kinds as
/// plug-ins"): its settings and their rules (``DestinationSettingsDraft``, which also declares the
/// payload and the API view), and the adapter that delivers to it. The server registers one per
/// kind in ``SignalDestinationPlugins``; the API, the command pipeline and the delivery engine
/// know a kind only through it.
public struct SignalDestinationPlugin: Sendable {
    /// The settings' name: their member in the API's destination object and in the payload;
    /// empty for kinds without settings.
    public let name: String
    /// How the API names the adapter in a destination's delivery status.
    public let adapterName: String
    /// The kinds whose destinations take these settings.
    public let kinds: Set<SignalDestinationKind>
    private let decodeDraft: @Sendable (Data) throws -> any DestinationSettingsDraft
    private let showView: @Sendable (DestinationSettingsObject) throws -> any Encodable & Sendable
    let makeAdapter: (@Sendable (SignalDestination, DestinationSettingsObject) throws -> any SignalDestinationAdapter)?
    /// For kinds that take no settings (``SignalDestinationKind/needsSettings``): the adapter
    /// is built from the destination alone.
    let makeSettinglessAdapter: (@Sendable (SignalDestination) throws -> any SignalDestinationAdapter)?

    /// - Parameter adapter: builds the adapter of a configured destination from its settings;
    ///   `nil` while the kind has none in this build (its messages then wait in the log).
    public init<Draft: DestinationSettingsDraft>(
        _ draft: Draft.Type, adapter: (@Sendable (SignalDestination, Draft.Settings) throws -> any SignalDestinationAdapter)?
    ) {
        name = Draft.Settings.name
        adapterName = Draft.Settings.name
        kinds = Draft.Settings.kinds
        decodeDraft = { data in try JSONDecoder().decode(Draft.self, from: data) }
        showView = { settings in try settings.decode(as: Draft.Settings.self).view }
        if let adapter {
            makeAdapter = { destination, settings in
                let typed: Draft.Settings
                do {
                    typed = try settings.decode(as: Draft.Settings.self)
                } catch {
                    throw DeliveryFailure(.notDefined, "\(destination.id): \(error)")
                }
                return try adapter(destination, typed)
            }
        } else {
            makeAdapter = nil
        }
        makeSettinglessAdapter = nil
    }

    /// The plug-in of kinds that have no settings (system phones: their message group is part
    /// of the destination itself, manual §6.3.1.3): the API shows and takes none for them.
    public init(
        settingless kinds: Set<SignalDestinationKind>, adapterName: String,
        adapter: @escaping @Sendable (SignalDestination) throws -> any SignalDestinationAdapter
    ) {
        precondition(kinds.allSatisfy { !$0.needsSettings }, "a kind with settings needs a settings draft")
        name = ""
        self.adapterName = adapterName
        self.kinds = kinds
        decodeDraft = { _ in throw DeliveryFailure(.notDefined, "these destinations take no settings") }
        showView = { _ in throw DeliveryFailure(.notDefined, "these destinations take no settings") }
        makeAdapter = nil
        makeSettinglessAdapter = adapter
    }

    /// The administrator's settings from the JSON value of the API member ``name``.
    ///
    /// - Throws: `DecodingError` for a value of the wrong JSON type or a missing member,
    ///   ``UnknownMember`` for a member the settings do not have.
    public func draft(fromJSON data: Data) throws -> any DestinationSettingsDraft {
        try decodeDraft(data)
    }

    /// What the API shows of stored settings of this plug-in.
    public func view(of settings: DestinationSettingsObject) throws -> any Encodable & Sendable {
        try showView(settings)
    }
}
