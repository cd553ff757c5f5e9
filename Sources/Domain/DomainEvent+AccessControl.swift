import Foundation

extension DomainEvent {
    /// Payloads of the access-control events. Hashes travel sealed (``SealedSecret``), so the
    /// log never holds a password hash in the clear; the API shows those fields as `[sealed]`.
    func writeAccessControlPayload(into json: inout CanonicalJSON) {
        switch self {
        case .accountCreated(let account):
            json.field("mustChangePassword", account.mustChangePassword)
            json.field("name", account.name)
            json.field("passwordHash", account.currentPasswordHash?.text ?? "")
            json.field("predefined", account.predefined)
            json.field("profile", account.profile)
        case .accountUpdated(let name, let profile):
            json.field("name", name)
            json.field("profile", profile)
        case .accountDeleted(let name):
            json.field("name", name)
        case .accountPasswordSet(let name, let hash, let mustChange):
            json.field("mustChangePassword", mustChange)
            json.field("name", name)
            json.field("passwordHash", hash.text)
        case .accountAccess(let attempt):
            json.field("account", attempt.account)
            json.field("at", attempt.at)
            json.field("interface", attempt.interface)
            json.field("outcome", attempt.outcome.rawValue)
            json.field("source", attempt.source)
        case .profileCreated(let profile), .profileUpdated(let profile):
            json.field("areas", Dictionary(uniqueKeysWithValues: profile.areas.map { ($0.key.rawValue, $0.value.rawValue) }))
            json.field("fileAccess", profile.fileAccess.rawValue)
            json.field("id", profile.id)
            json.field("interfaces", profile.interfaces.map(\.rawValue).sorted())
            json.field("level", profile.level.rawValue)
            json.field("name", profile.name)
        case .profileDeleted(let id):
            json.field("id", id)
        case .accessControlSettingsSet(let settings):
            json.field("idleTimeoutMinutes", settings.idleTimeoutMinutes)
        case .remoteMaintenanceSet(let mode):
            json.field("mode", mode.rawValue)
        default:
            preconditionFailure("not an access-control event: \(type)")
        }
    }

    /// Access-control events are few (a login or a change by a person), so they are read with
    /// `JSONDecoder` rather than the replay fast path; failures carry the decoder's reason.
    static func readAccessControl(_ kind: Kind, payload: UnsafeBufferPointer<UInt8>) throws(JSONReader.ReadError) -> DomainEvent {
        let data = Data(buffer: payload)
        do {
            switch kind {
            case .accountCreated:
                let p = try JSONDecoder().decode(AccountPayload.self, from: data)
                guard let profile = p.profile, let hash = p.passwordHash, let mustChange = p.mustChangePassword else {
                    throw missing("profile, passwordHash, mustChangePassword")
                }
                return .accountCreated(
                    UserAccount(
                        name: p.name, profile: profile, passwordHash: SealedSecret(text: hash),
                        mustChangePassword: mustChange, predefined: p.predefined ?? false))
            case .accountUpdated:
                let p = try JSONDecoder().decode(AccountPayload.self, from: data)
                guard let profile = p.profile else { throw missing("profile") }
                return .accountUpdated(name: p.name, profile: profile)
            case .accountDeleted:
                return .accountDeleted(name: try JSONDecoder().decode(AccountPayload.self, from: data).name)
            case .accountPasswordSet:
                let p = try JSONDecoder().decode(AccountPayload.self, from: data)
                guard let hash = p.passwordHash, let mustChange = p.mustChangePassword else { throw missing("passwordHash, mustChangePassword") }
                return .accountPasswordSet(name: p.name, hash: SealedSecret(text: hash), mustChange: mustChange)
            case .accountAccess:
                return .accountAccess(try JSONDecoder().decode(AccessAttempt.self, from: data))
            case .profileCreated:
                return .profileCreated(try JSONDecoder().decode(ProfilePayload.self, from: data).profile)
            case .profileUpdated:
                return .profileUpdated(try JSONDecoder().decode(ProfilePayload.self, from: data).profile)
            case .profileDeleted:
                return .profileDeleted(id: try JSONDecoder().decode(ProfileKeyPayload.self, from: data).id)
            case .accessControlSettingsSet:
                return .accessControlSettingsSet(try JSONDecoder().decode(AccessControlSettings.self, from: data))
            case .remoteMaintenanceSet:
                return .remoteMaintenanceSet(try JSONDecoder().decode(RemoteMaintenancePayload.self, from: data).mode)
            default:
                throw missing("an access-control event type")
            }
        } catch let error as JSONReader.ReadError {
            throw error
        } catch {
            throw JSONReader.ReadError(offset: 0, reason: "\(error)")
        }
    }

    private static func missing(_ fields: String) -> JSONReader.ReadError {
        JSONReader.ReadError(offset: 0, reason: "missing field(s) \(fields)")
    }

    private struct AccountPayload: Decodable {
        var name: String
        var profile: String?
        var passwordHash: String?
        var mustChangePassword: Bool?
        var predefined: Bool?
    }

    private struct ProfilePayload: Decodable {
        var id: String
        var name: String
        var level: AuthorizationLevel
        var areas: [String: AreaAccess]
        var interfaces: [InterfaceRight]
        var fileAccess: FileAccess

        var profile: AuthorizationProfile {
            get throws {
                var areas: [AdministrationArea: AreaAccess] = [:]
                for (text, access) in self.areas {
                    guard let area = AdministrationArea(rawValue: text) else { throw DomainEvent.missing("a known area instead of \(text)") }
                    areas[area] = access
                }
                return AuthorizationProfile(id: id, name: name, level: level, areas: areas, interfaces: Set(interfaces), fileAccess: fileAccess)
            }
        }
    }

    private struct ProfileKeyPayload: Decodable {
        var id: String
    }

    private struct RemoteMaintenancePayload: Decodable {
        var mode: RemoteMaintenanceMode
    }
}
