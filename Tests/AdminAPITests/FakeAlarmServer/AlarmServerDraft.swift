import Domain

/// The test alarm server as an administrator enters it, the password in plaintext.
struct AlarmServerDraft: DestinationSettingsDraft {
    var host: String
    var port: Int
    var password: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, password
    }

    init(from decoder: any Decoder) throws {
        try decoder.refuseMembers(except: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(String.self, forKey: .host)
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 4000
        password = try container.decode(String.self, forKey: .password)
    }

    func settle(keeping current: AlarmServerSettings?, sealing: any SecretSealing) throws(DomainError) -> AlarmServerSettings {
        guard !host.isEmpty else { throw .invalid(field: "alarmServer.host", rule: "a host name") }
        guard (1...65535).contains(port) else { throw .invalid(field: "alarmServer.port", rule: "1…65535") }
        if let current, current.host == host, current.port == port, (try? sealing.open(current.password)) == password { return current }
        return AlarmServerSettings(host: host, port: port, password: sealing.seal(password))
    }

}
