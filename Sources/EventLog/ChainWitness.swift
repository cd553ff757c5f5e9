import Foundation

/// An authenticated point of the chain: "the log had reached `position`, and the event there
/// had chain hash `hash`" (issue 13, point 19).
///
/// A log whose head is below a witness, or whose hash at a witness's position differs, lost or
/// rewrote events after the witness was taken: a cut tail verifies "intact" on its own, because
/// what is left is still a valid chain. Witnesses are kept where cutting the log does not reach
/// them all at once: the `verified` mark in the database, every snapshot's binding, and a small
/// file beside the database (``text`` is its content).
public struct ChainWitness: Sendable, Hashable {
    public var position: Int64
    /// The chain hash of the event at `position` (32 zero bytes at position 0).
    public var hash: [UInt8]
    /// HMAC-SHA256 under the ``LogIntegrityKey`` over the position and the hash.
    public var mac: [UInt8]

    /// Authenticates a point of the chain.
    public init(position: Int64, hash: [UInt8], key: LogIntegrityKey) {
        self.position = position
        self.hash = hash
        mac = key.code(LogIntegrityKey.witnessMessage(position: position, hash: hash))
    }

    /// A witness as stored, not yet checked.
    public init(position: Int64, hash: [UInt8], mac: [UInt8]) {
        self.position = position
        self.hash = hash
        self.mac = mac
    }

    /// Whether the MAC is this key's over this position and hash.
    public func isAuthentic(under key: LogIntegrityKey) -> Bool {
        hash.count == 32 && key.isValid(mac, for: LogIntegrityKey.witnessMessage(position: position, hash: hash))
    }

    /// One line: `callplane-witness v1 <position> <hash hex> <mac hex>`.
    public var text: String {
        "\(Self.tag) \(position) \(Hexadecimal.lowercase(hash)) \(Hexadecimal.lowercase(mac))\n"
    }

    /// Reads ``text``; `nil` when it is not that form.
    public init?(text: String) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 5, "\(fields[0]) \(fields[1])" == Self.tag, let position = Int64(fields[2]), position >= 0,
            let hash = Hexadecimal.bytes(fields[3]), let mac = Hexadecimal.bytes(fields[4])
        else { return nil }
        self.init(position: position, hash: hash, mac: mac)
    }

    private static let tag = "callplane-witness v1"
}
