/// What the registrar observed: a telephony *fact*, not a configuration command.
///
/// Facts are appended through the control plane's fact appender: they share the log's group
/// commit but are never decided against ``SystemState``, never change its hash and never grow
/// its per-stream versions (docs/architecture.md, "Two ways into the log"). Their types are
/// outside ``DomainEvent``'s dispatch on purpose, so the configuration's fold skips them.
public enum RegistrationFact: Sendable, Hashable {
    case bound(RegistrationBinding)
    /// The contact is gone: `reason` is `expired`, `unregistered` or `replaced`.
    case removed(addressOfRecord: String, contact: String, reason: String)

    public static let typePrefix = "registration."
    public static let streamPrefix = "registration/"
    public static let boundType = "registration.bound"
    public static let removedType = "registration.removed"

    public var type: String {
        switch self {
        case .bound: Self.boundType
        case .removed: Self.removedType
        }
    }

    /// One stream per address of record.
    public var stream: String {
        switch self {
        case .bound(let binding): Self.streamPrefix + binding.addressOfRecord
        case .removed(let addressOfRecord, _, _): Self.streamPrefix + addressOfRecord
        }
    }

    /// The canonical payload (keys in byte order, as the log hashes it).
    public var payload: String {
        var json = CanonicalJSON()
        switch self {
        case .bound(let binding):
            json.field("addressOfRecord", binding.addressOfRecord)
            json.field("contact", binding.contact)
            json.field("expiresAt", binding.expiresAt)
            if let source = binding.source { json.field("source", source) }
            if let terminal = binding.terminal { json.field("terminal", terminal) }
        case .removed(let addressOfRecord, let contact, let reason):
            json.field("addressOfRecord", addressOfRecord)
            json.field("contact", contact)
            json.field("reason", reason)
        }
        return json.finish()
    }

    private static let boundKeys: [StaticString] = ["addressOfRecord", "contact", "expiresAt", "source", "terminal"]
    private static let removedKeys: [StaticString] = ["addressOfRecord", "contact", "reason"]

    /// Reads a registration fact, `nil` for a type of another family.
    public static func decode(type: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> RegistrationFact? {
        let isBound = JSONReader.matches(type, "registration.bound")
        guard isBound || JSONReader.matches(type, "registration.removed") else { return nil }
        let keys = isBound ? boundKeys : removedKeys
        var reader = JSONReader(payload)
        do throws(JSONReader.ReadError) {
            var addressOfRecord: String?, contact: String?, expiresAt: Int?, reason: String?, source: String?, terminal: Int?
            var seen: UInt64 = 0
            try reader.beginObject()
            while let key = try reader.nextKey(keys) {
                if key >= 0 { try reader.noteMember(key, seen: &seen, keys: keys) }
                switch (key, isBound) {
                case (0, _): addressOfRecord = try reader.readString()
                case (1, _): contact = try reader.readString()
                case (2, true): expiresAt = try reader.readInteger()
                case (2, false): reason = try reader.readString()
                case (3, true): source = try reader.readString()
                case (4, true): terminal = try reader.readInteger()
                default: try reader.skipValue()
                }
            }
            try reader.finish()
            guard let addressOfRecord else { throw reader.missing("addressOfRecord") }
            guard let contact else { throw reader.missing("contact") }
            if isBound {
                guard let expiresAt else { throw reader.missing("expiresAt") }
                return .bound(
                    RegistrationBinding(
                        addressOfRecord: addressOfRecord, contact: contact, expiresAt: Int64(expiresAt), terminal: terminal, source: source))
            }
            guard let reason else { throw reader.missing("reason") }
            return .removed(addressOfRecord: addressOfRecord, contact: contact, reason: reason)
        } catch {
            throw EventDecodingError(type: isBound ? boundType : removedType, schema: 1, reason: error.description)
        }
    }

    /// The String form, for tests and the API.
    public static func decode(type: String, payload: String) throws(EventDecodingError) -> RegistrationFact? {
        let typeBytes = Array(type.utf8)
        let payloadBytes = Array(payload.utf8)
        let result: Result<RegistrationFact?, EventDecodingError> = typeBytes.withUnsafeBufferPointer { typeBuffer in
            payloadBytes.withUnsafeBufferPointer { payloadBuffer in
                Result { () throws(EventDecodingError) in try decode(type: typeBuffer, payload: payloadBuffer) }
            }
        }
        return try result.get()
    }
}
