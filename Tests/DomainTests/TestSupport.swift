import Testing
import Domain
import EventLog

/// A fixed key so tests are repeatable; seals still differ per call (random nonce).
let testKey: [UInt8] = Array(repeating: 0x2A, count: 32)
let testSealing: SecretBox = try! SecretBox(key: testKey)

/// Runs `body` with a row over the UTF-8 bytes of the given strings, as `EventLog.scan` would.
func withRow<R>(
    type: String, schema: Int = 1, stream: String = "", payload: String,
    _ body: (RawEventRow) throws -> R
) rethrows -> R {
    let typeBytes = Array(type.utf8), streamBytes = Array(stream.utf8), payloadBytes = Array(payload.utf8)
    return try typeBytes.withUnsafeBufferPointer { t in
        try streamBytes.withUnsafeBufferPointer { s in
            try payloadBytes.withUnsafeBufferPointer { p in
                try body(RawEventRow(position: 1, schema: schema, type: t, stream: s, payload: p))
            }
        }
    }
}

/// Decides and applies, as the server does; fails the test on a refusal.
@discardableResult
func run(_ command: Command, on state: inout SystemState) throws -> [DomainEvent] {
    let events = try state.decide(command, sealing: testSealing)
    for event in events { state.apply(event) }
    return events
}

/// The error `decide` throws for `command`, or nil if it was accepted.
func refusal(_ command: Command, in state: SystemState) -> DomainError? {
    do {
        _ = try state.decide(command, sealing: testSealing)
        return nil
    } catch {
        return error
    }
}

/// Expects `command` to be refused with an error that names `rule`: the capacity limit it
/// broke, or words of its message.
func expectRefusal(
    _ command: Command, naming rule: String, in state: SystemState = SystemState(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = refusal(command, in: state)
    #expect(error != nil, sourceLocation: sourceLocation)
    #expect(error.map { $0.details["limit"] == rule || $0.message.contains(rule) } == true, "\(String(describing: error))", sourceLocation: sourceLocation)
}

/// Expects each of `events` to survive its stored payload, and their replay from an empty state
/// to give `state`'s hash (architecture rule 5).
func expectReplay(_ events: [DomainEvent], gives state: SystemState, sourceLocation: SourceLocation = #_sourceLocation) throws {
    var replayed = SystemState()
    for event in events {
        let decoded = try #require(
            try DomainEvent.decode(type: event.type, schema: event.schema, payload: event.canonicalPayload()), sourceLocation: sourceLocation)
        #expect(decoded == event, "\(event.type) did not survive its payload", sourceLocation: sourceLocation)
        #expect(decoded.stream == event.stream, sourceLocation: sourceLocation)
        try withRow(type: event.type, schema: event.schema, payload: event.canonicalPayload()) { row in try replayed.apply(row) }
    }
    #expect(replayed.stateHash() == state.stateHash(), sourceLocation: sourceLocation)
}

func sealedStub(_ n: Int) -> SealedSecret { SealedSecret(text: "v1:stub\(n)") }

/// `n` as two upper-case hex digits.
func hex2(_ n: Int) -> String {
    let digits = String(n, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
}
