import Crypto
import Domain
import Foundation

/// A client's retry token. The first event of a command gets the key's UUID as its id, so the
/// log's own idempotency on event ids makes a retried command return the original position
/// (docs/architecture.md, "The event envelope": `id`). Later events of the same command get ids derived
/// from it, so a retry reproduces every id.
public struct IdempotencyKey: Sendable, Hashable {
    public let eventID: UUID
    /// A digest of the request the key was sent with (the API's method, path and body), when
    /// the caller has one: a key names one request, and the same key with another request is
    /// refused rather than answered with the first one's outcome (issue 13, point 13).
    public private(set) var request: [UInt8]?

    /// A UUID is taken as it is; any other text (1–200 characters) is hashed into a UUID.
    public init?(_ text: String) {
        guard !text.isEmpty, text.count <= 200 else { return nil }
        if let uuid = UUID(uuidString: text) {
            eventID = uuid
        } else {
            eventID = Self.derive("callplane-idempotency-key:" + text)
        }
    }

    public init(eventID: UUID) {
        self.eventID = eventID
    }

    /// This key, naming the request whose digest is `request`.
    public func naming(request digest: [UInt8]) -> IdempotencyKey {
        var named = self
        named.request = digest
        return named
    }

    /// The correlation id of the command's events: the request's digest, authenticated with the
    /// server's key so the stored id is no offline oracle for a password in the body; the
    /// key's own id when no request was named.
    func correlation(sealing: any SecretSealing) -> UUID {
        guard let request else { return eventID }
        let code = sealing.authenticationCode(withUnsafeBytes(of: eventID.uuid) { Array($0) } + request, purpose: "callplane idempotency request")
        return Self.uuid(Array(code.prefix(16)))
    }

    /// The id of the command's `index`-th event.
    public func eventID(at index: Int) -> UUID {
        index == 0 ? eventID : Self.derive("\(eventID.uuidString.lowercased())#\(index)")
    }

    /// A name-based UUID (version 8 layout over SHA-256, RFC 9562 §5.8).
    private static func derive(_ name: String) -> UUID {
        uuid(Array(SHA256.hash(data: Array(name.utf8)).prefix(16)))
    }

    private static func uuid(_ digest: [UInt8]) -> UUID {
        var bytes = digest
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
