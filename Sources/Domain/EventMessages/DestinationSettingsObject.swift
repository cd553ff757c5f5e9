/// A destination's settings as the log and the state keep them: the settings' name and their
/// canonical JSON object. The state compares, hashes and snapshots them without knowing their
/// kind; the plug-in of the kind reads them back with ``decode(as:)``.
///
/// In the payload of `destination.configured` (schema 2) they are the nested object
/// `"settings": {"<name>": {…}}`.
public struct DestinationSettingsObject: Sendable, Hashable, Codable {
    public let name: String
    /// The canonical JSON object of the settings.
    public let canonical: String

    public init<Settings: DestinationSettings>(_ settings: Settings) {
        name = Settings.name
        canonical = Settings.payload.canonical(settings)
    }

    init(name: String, canonical: String) {
        self.name = name
        self.canonical = canonical
    }

    /// The typed settings; refused when these are another kind's settings or do not read.
    public func decode<Settings: DestinationSettings>(as type: Settings.Type) throws(PayloadError) -> Settings {
        guard name == Settings.name else { throw PayloadError(reason: "the settings are \(name) settings, not \(Settings.name) settings") }
        return try Settings.payload.decode(canonical)
    }
}
