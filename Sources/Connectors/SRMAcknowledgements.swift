import EventMessages

/// The uploads waiting for the SRM server's answer, by sequence. An answer can arrive before
/// the agent starts waiting for it (the actor is re-entered while it writes the next frame), so
/// an early answer is kept until asked for.
struct SRMAcknowledgements {
    private enum Entry {
        case expected
        case waiting(CheckedContinuation<Result<Void, DeliveryFailure>, Never>)
        case answered(Result<Void, DeliveryFailure>)
    }

    private var entries: [Int64: Entry] = [:]

    mutating func expect(_ sequence: Int64) {
        if case .waiting(let continuation) = entries[sequence] {
            continuation.resume(returning: .failure(DeliveryFailure(.notAvailable, "message \(sequence) was sent again before its answer")))
        }
        entries[sequence] = .expected
    }

    /// An answer, a timeout or a lost connection; only the first of them counts.
    mutating func settle(_ sequence: Int64, _ result: Result<Void, DeliveryFailure>) {
        switch entries[sequence] {
        case .expected: entries[sequence] = .answered(result)
        case .waiting(let continuation):
            entries[sequence] = nil
            continuation.resume(returning: result)
        case .answered, nil: break
        }
    }

    mutating func wait(_ sequence: Int64, _ continuation: CheckedContinuation<Result<Void, DeliveryFailure>, Never>) {
        switch entries[sequence] {
        case .answered(let result):
            entries[sequence] = nil
            continuation.resume(returning: result)
        case .expected:
            entries[sequence] = .waiting(continuation)
        case .waiting(let earlier):
            earlier.resume(returning: .failure(DeliveryFailure(.notAvailable, "message \(sequence) was awaited twice")))
            entries[sequence] = .waiting(continuation)
        case nil:
            continuation.resume(returning: .failure(DeliveryFailure(.notAvailable, "message \(sequence) was not sent")))
        }
    }

    mutating func failAll(_ failure: DeliveryFailure) {
        for (sequence, entry) in entries {
            switch entry {
            case .waiting(let continuation): continuation.resume(returning: .failure(failure))
            case .expected: entries[sequence] = .answered(.failure(failure))
            case .answered: break
            }
        }
        entries = entries.filter { if case .answered = $0.value { true } else { false } }
    }
}
