import Foundation

extension SNMPAgentSettings {
    /// `snmpagent.set`: the payload is flat like every other, so a user's two passphrases go
    /// into two maps keyed by user name. Every secret is sealed text; the API shows the
    /// communities and the map values as `[sealed]`.
    func writePayload(into json: inout CanonicalJSON) {
        json.field("allowedNetworks", allowedNetworks)
        json.field("authPassphrases", Dictionary(uniqueKeysWithValues: users.map { ($0.name, $0.authPassphrase.text) }))
        json.field("communities", communities.map(\.text))
        json.field("privPassphrases", Dictionary(uniqueKeysWithValues: users.map { ($0.name, $0.privPassphrase.text) }))
    }

    private struct Payload: Decodable {
        var allowedNetworks: [String]
        var authPassphrases: [String: String]
        var communities: [String]
        var privPassphrases: [String: String]
    }

    static func readPayload(_ data: Data) throws -> SNMPAgentSettings {
        let payload = try JSONDecoder().decode(Payload.self, from: data)
        guard Set(payload.authPassphrases.keys) == Set(payload.privPassphrases.keys) else {
            throw JSONReader.ReadError(offset: 0, reason: "authPassphrases and privPassphrases name different users")
        }
        let users = payload.authPassphrases.keys.sorted().map {
            SNMPUser(
                name: $0, authPassphrase: SealedSecret(text: payload.authPassphrases[$0]!), privPassphrase: SealedSecret(text: payload.privPassphrases[$0]!))
        }
        return SNMPAgentSettings(communities: payload.communities.map(SealedSecret.init(text:)), users: users, allowedNetworks: payload.allowedNetworks)
    }
}

extension DomainEvent {
    /// Set by an administrator now and then, so read with `JSONDecoder` like the access-control events.
    static func readSNMPAgent(payload: UnsafeBufferPointer<UInt8>) throws(JSONReader.ReadError) -> DomainEvent {
        do {
            return .snmpAgentSet(try SNMPAgentSettings.readPayload(Data(buffer: payload)))
        } catch let error as JSONReader.ReadError {
            throw error
        } catch {
            throw JSONReader.ReadError(offset: 0, reason: "\(error)")
        }
    }
}
