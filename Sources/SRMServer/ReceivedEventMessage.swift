import Foundation
import SRMWire

/// An event message the SRM server took from a system's agent, with the sequence the agent
/// acknowledged it under and when it arrived here.
public struct ReceivedEventMessage: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var receivedAt: Date
    public var message: SRMEventMessage

    public init(sequence: Int64, receivedAt: Date, message: SRMEventMessage) {
        self.sequence = sequence
        self.receivedAt = receivedAt
        self.message = message
    }
}
