import EventLog

/// How an archive's key is found again, recorded in its clear header: a passphrase through scrypt
/// with these parameters, or a key file with this fingerprint.
public enum BackupKeyDerivation: Sendable, Hashable, Codable {
    case scrypt(salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int)
    case keyFile(fingerprint: String)

    private enum CodingKeys: String, CodingKey { case kind, salt, logN, blockSize, parallelism, fingerprint }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "scrypt":
            guard let salt = Hexadecimal.bytes(try container.decode(String.self, forKey: .salt)) else {
                throw DecodingError.dataCorruptedError(forKey: .salt, in: container, debugDescription: "salt is not hexadecimal")
            }
            self = .scrypt(
                salt: salt, logN: try container.decode(Int.self, forKey: .logN), blockSize: try container.decode(Int.self, forKey: .blockSize),
                parallelism: try container.decode(Int.self, forKey: .parallelism))
        case "key-file":
            self = .keyFile(fingerprint: try container.decode(String.self, forKey: .fingerprint))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown key kind \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .scrypt(salt, logN, blockSize, parallelism):
            try container.encode("scrypt", forKey: .kind)
            try container.encode(Hexadecimal.lowercase(salt), forKey: .salt)
            try container.encode(logN, forKey: .logN)
            try container.encode(blockSize, forKey: .blockSize)
            try container.encode(parallelism, forKey: .parallelism)
        case let .keyFile(fingerprint):
            try container.encode("key-file", forKey: .kind)
            try container.encode(fingerprint, forKey: .fingerprint)
        }
    }
}
