import Foundation

/// An installer's account on the SRM server (`technicians.json`): who may open the systems page
/// and, later, launch remote maintenance sessions (manual §5.2, "Accessing the communication
/// server from outside").
public struct Technician: Sendable, Hashable, Codable {
    public var name: String
    /// The scrypt hash of the password (AccessControl's `PasswordHasher`); never the password.
    public var passwordHash: String

    public init(name: String, passwordHash: String) {
        self.name = name
        self.passwordHash = passwordHash
    }

    /// A password guards every system on the allow-list at once, so it has a floor.
    public static let minimumPasswordLength = 10

    /// 1 to 64 characters, no control characters, no space at either end: the name is typed at
    /// the login form and shown in the log.
    public static func validate(name: String) throws(SRMServerError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(name.count), trimmed == name, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw SRMServerError("a technician's name is 1 to 64 characters without control characters or spaces at either end (not \"\(name)\")")
        }
    }

    public static func validate(password: String) throws(SRMServerError) {
        guard password.count >= minimumPasswordLength else {
            throw SRMServerError("a technician's password has at least \(minimumPasswordLength) characters (this one has \(password.count))")
        }
    }
}
