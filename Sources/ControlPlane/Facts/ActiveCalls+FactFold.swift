import Domain
import Foundation

extension ActiveCalls: FactFold {
    public static let family = FactFamily(name: "call", typePrefix: CallFact.typePrefix, streamPrefix: CallFact.streamPrefix)
    public static let snapshotKind = "calls"
    public static let snapshotSchema = 1

    /// A snapshot is only a cache (a mismatch means a replay), so JSONEncoder's bytes need not
    /// be stable across releases, unlike a payload the chain hashes.
    public init(snapshot: [UInt8]) throws {
        self = try JSONDecoder().decode(ActiveCalls.self, from: Data(snapshot))
    }

    public func snapshot() throws -> [UInt8] {
        Array(try JSONEncoder().encode(self))
    }

    public mutating func apply(type: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) throws {
        if let fact = try CallFact.decode(type: type, payload: payload) { apply(fact) }
    }
}
