/// One entry of the SRM server's allow-list (`systems.json`): a system whose agent may connect,
/// the hash of the secret issued for it, and whether it may change its status on this server
/// (manual §6.3.1.3, "SRM destination": "On the SRM server the status modification per
/// communication server must be allowed").
public struct AllowedSystem: Sendable, Hashable, Codable {
    public var systemID: String
    /// The name the installer gave it; nil shows the name the system reports in its hello.
    public var name: String?
    /// The scrypt hash of the issued secret; the secret itself is shown once, at `system add`.
    public var secretHash: String
    public var statusAllowed: Bool

    public init(systemID: String, name: String?, secretHash: String, statusAllowed: Bool = true) {
        self.systemID = systemID
        self.name = name
        self.secretHash = secretHash
        self.statusAllowed = statusAllowed
    }

    enum CodingKeys: String, CodingKey {
        case systemID, name, secretHash, statusAllowed
    }

    /// A file written by hand may leave `statusAllowed` out: status changes are allowed then,
    /// as for `system add` without `--no-status-changes`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        systemID = try container.decode(String.self, forKey: .systemID)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        secretHash = try container.decode(String.self, forKey: .secretHash)
        statusAllowed = try container.decodeIfPresent(Bool.self, forKey: .statusAllowed) ?? true
    }

    /// 1 to 64 of `A–Z a–z 0–9 . _ -`: the system id goes into file names, log lines and URLs
    /// (`/api/v1/systems/{id}`) without escaping.
    public static func validate(systemID: String) throws(SRMServerError) {
        let allowed = systemID.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
        guard (1...64).contains(systemID.utf8.count), allowed else {
            throw SRMServerError("a system id is 1 to 64 characters of A-Z a-z 0-9 . _ - (not \"\(systemID)\")")
        }
    }
}
