extension SignalDestination {
    /// The payload of `destination.configured` (schema 2): the destination's own members and its
    /// settings as one nested object under their name, `"settings": {"syslog": {…}}`, written by
    /// the settings' own declaration.
    static let payload = PayloadFields<SignalDestination>(
        blank: SignalDestination(id: "", kind: .eventLog, enabled: false, table: 0),
        [
            .bool("enabled", \.enabled), .string("id", \.id), .name("kind", \.kind), .optionalInteger("messageGroup", \.messageGroup),
            .optionalSettings("settings", \.settings), .integer("table", \.table),
        ])
}

extension PayloadField {
    /// A destination's settings: `{"<name>": {…}}`, kept as the stored canonical object.
    static func optionalSettings(_ key: StaticString, _ path: WritableKeyPath<Record, DestinationSettingsObject?> & Sendable) -> Self {
        optionalMember(
            key, path,
            read: { reader throws(JSONReader.ReadError) in
                try reader.beginObject()
                guard let name = try reader.nextKeyName() else { throw reader.invalid(key, "names no settings") }
                reader.skipWhitespace()
                guard reader.peek() == UInt8(ascii: "{") else { throw reader.invalid(key, "the \(name) settings are not an object") }
                let canonical = try reader.readRawValue()
                guard try reader.nextKeyName() == nil else { throw reader.invalid(key, "holds the settings of more than one kind") }
                return DestinationSettingsObject(name: name, canonical: canonical)
            }
        ) { json, key, settings in
            json.rawField(key, CanonicalJSON.singleMember(settings.name, settings.canonical))
        }
    }
}
