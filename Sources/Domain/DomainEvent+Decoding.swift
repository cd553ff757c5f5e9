extension DomainEvent {
    /// Shared by the String and the ``RawEventRow`` forms of `decode`, so both follow exactly the
    /// same rules. Reads each payload straight into the event's fields.
    static func decode(type: UnsafeBufferPointer<UInt8>, schema: Int, payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> DomainEvent? {
        guard let kind = Kind(bytes: type) else { return nil }
        guard schema == kind.currentSchema || kind.upcasts(from: schema) else {
            throw EventDecodingError(
                type: kind.rawValue, schema: schema,
                reason: "unknown schema \(schema) (this build reads schema \(kind.currentSchema))")
        }
        var reader = JSONReader(payload)
        do throws(JSONReader.ReadError) {
            switch kind {
            case .systemIdentitySet: return .systemIdentitySet(try readIdentity(&reader))
            case .userCreated: return .userCreated(try readUser(&reader))
            case .userUpdated: return .userUpdated(try readUser(&reader))
            case .userDeleted: return .userDeleted(number: try readUserKey(&reader))
            case .terminalCreated: return .terminalCreated(try readTerminal(&reader))
            case .terminalUpdated: return .terminalUpdated(try readTerminal(&reader))
            case .terminalDeleted: return .terminalDeleted(id: try readTerminalKey(&reader))
            case .eventMessageOccurred: return .eventMessageOccurred(try EventMessage.readPayload(&reader))
            case .eventMessageConfirmed: return try readConfirmation(&reader)
            case .eventFiltersSet: return try readFilters(&reader)
            case .destinationConfigured:
                return .destinationConfigured(schema == 1 ? try SignalDestination.readSchema1Payload(&reader) : try SignalDestination.readPayload(&reader))
            case .destinationKindSwitched: return try readKindSwitch(&reader)
            case .accountCreated, .accountUpdated, .accountDeleted, .accountPasswordSet, .accountAccess,
                .profileCreated, .profileUpdated, .profileDeleted, .accessControlSettingsSet, .remoteMaintenanceSet:
                return try readAccessControl(kind, payload: payload)
            case .snmpAgentSet:
                return try readSNMPAgent(payload: payload)
            }
        } catch {
            throw EventDecodingError(type: kind.rawValue, schema: schema, reason: error.description)
        }
    }

    // MARK: - Payloads (keys listed in the order the canonical writer emits them)

    private static let identityKeys: [StaticString] = ["country", "name", "salesChannel", "systemId"]
    private static let userKeys: [StaticString] = ["email", "language", "name", "number"]
    private static let userKeyKeys: [StaticString] = ["number"]
    private static let terminalKeys: [StaticString] = ["id", "kind", "macAddress", "password", "registrationName", "userNumber"]
    private static let terminalKeyKeys: [StaticString] = ["id"]

    private static func readIdentity(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> SystemIdentity {
        var country: String?, name: String?, salesChannel: String?, systemID: String?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(identityKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: identityKeys) }
            switch key {
            case 0: country = try reader.readString()
            case 1: name = try reader.readString()
            case 2: salesChannel = try reader.readString()
            case 3: systemID = try reader.readString()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let country else { throw reader.missing("country") }
        guard let name else { throw reader.missing("name") }
        guard let salesChannel else { throw reader.missing("salesChannel") }
        guard let systemID else { throw reader.missing("systemId") }
        return SystemIdentity(name: name, systemID: systemID, salesChannel: salesChannel, country: country)
    }

    private static func readUser(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> User {
        var email: String?, language: String?, name: String?, number: String?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(userKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: userKeys) }
            switch key {
            case 0: email = try reader.readOptionalString()
            case 1: language = try reader.readString()
            case 2: name = try reader.readString()
            case 3: number = try reader.readString()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let language else { throw reader.missing("language") }
        guard let name else { throw reader.missing("name") }
        guard let number else { throw reader.missing("number") }
        return User(number: number, name: name, email: email, language: language)
    }

    private static func readUserKey(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> String {
        var number: String?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(userKeyKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: userKeyKeys) }
            if key == 0 { number = try reader.readString() } else { try reader.skipValue() }
        }
        try reader.finish()
        guard let number else { throw reader.missing("number") }
        return number
    }

    private static func readTerminal(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> Terminal {
        var id: Int?, kind: TerminalKind?, macAddress: String?, password: String?
        var registrationName: String?, userNumber: String?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(terminalKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: terminalKeys) }
            switch key {
            case 0: id = try readTerminalID(&reader)
            case 1:
                let raw = try reader.readString()
                guard let value = TerminalKind(rawValue: raw) else {
                    throw reader.invalid("kind", "unknown terminal kind \"\(raw)\"")
                }
                kind = value
            case 2: macAddress = try reader.readOptionalString()
            case 3: password = try reader.readString()
            case 4: registrationName = try reader.readString()
            case 5: userNumber = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let id else { throw reader.missing("id") }
        guard let kind else { throw reader.missing("kind") }
        guard let password else { throw reader.missing("password") }
        guard let registrationName else { throw reader.missing("registrationName") }
        return Terminal(
            id: id, kind: kind, registrationName: registrationName,
            password: SealedSecret(text: password), userNumber: userNumber, macAddress: macAddress)
    }

    private static func readTerminalKey(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> Int {
        var id: Int?
        var seen: UInt64 = 0
        try reader.beginObject()
        while let key = try reader.nextKey(terminalKeyKeys) {
            if key >= 0 { try reader.noteMember(key, seen: &seen, keys: terminalKeyKeys) }
            if key == 0 { id = try readTerminalID(&reader) } else { try reader.skipValue() }
        }
        try reader.finish()
        guard let id else { throw reader.missing("id") }
        return id
    }

    /// Terminal ids are handed out from 1 upwards, so anything below 1 cannot come from `decide`.
    private static func readTerminalID(_ reader: inout JSONReader) throws(JSONReader.ReadError) -> Int {
        let id = try reader.readInteger()
        guard id >= 1 else { throw reader.invalid("id", "terminal id must be 1 or more") }
        return id
    }
}
