import AccessControl
import Crypto
import Foundation

/// The allow-list (`systems.json`): the systems whose agents may connect (issue 19, point 4).
extension SRMDataDirectory {
    static let systemsFile = "systems.json"

    /// The allow-list, sorted by system id.
    public func systems() throws(SRMServerError) -> [AllowedSystem] {
        try read([AllowedSystem].self, from: Self.systemsFile, absent: []).sorted { $0.systemID < $1.systemID }
    }

    public func system(_ systemID: String) throws(SRMServerError) -> AllowedSystem? {
        try systems().first { $0.systemID == systemID }
    }

    /// Puts a system on the allow-list with a fresh secret and returns that secret: 32 random
    /// bytes, base64url. Only its hash is kept, so this is the one time it can be read.
    public func addSystem(_ systemID: String, name: String?, statusAllowed: Bool, hasher: PasswordHasher) async throws(SRMServerError) -> String {
        try AllowedSystem.validate(systemID: systemID)
        var systems = try systems()
        guard !systems.contains(where: { $0.systemID == systemID }) else {
            throw SRMServerError("system \(systemID) is already on the allow-list; remove it first to issue a new secret")
        }
        let secret = Self.newSecret()
        systems.append(AllowedSystem(systemID: systemID, name: name, secretHash: await hasher.hash(secret), statusAllowed: statusAllowed))
        try write(systems, to: Self.systemsFile)
        return secret
    }

    public func removeSystem(_ systemID: String) throws(SRMServerError) {
        var systems = try systems()
        guard let index = systems.firstIndex(where: { $0.systemID == systemID }) else { throw Self.notListed(systemID) }
        systems.remove(at: index)
        try write(systems, to: Self.systemsFile)
    }

    /// Allows or bars the system's status changes (manual §6.3.1.3); its agent stays connected.
    public func setStatusAllowed(_ systemID: String, _ allowed: Bool) throws(SRMServerError) {
        var systems = try systems()
        guard let index = systems.firstIndex(where: { $0.systemID == systemID }) else { throw Self.notListed(systemID) }
        systems[index].statusAllowed = allowed
        try write(systems, to: Self.systemsFile)
    }

    static func notListed(_ systemID: String) -> SRMServerError {
        SRMServerError("system \(systemID) is not on the allow-list (callplane-srm system list)")
    }

    /// 256 bits from the system's random source, base64url without padding (RFC 4648 §5), so
    /// it can be pasted into a setting or a URL unchanged.
    static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
