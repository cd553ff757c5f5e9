/// The registrar's view folded from registration facts: every live binding, and how many were
/// made and removed since the system's first start. Kept by a fact projection with its own
/// snapshot, apart from the configuration.
public struct ActiveRegistrations: Sendable, Hashable, Codable {
    /// Address of record → contact → binding.
    public private(set) var bindings: [String: [String: RegistrationBinding]] = [:]
    public private(set) var boundTotal: Int64 = 0
    public private(set) var removedTotal: Int64 = 0

    public init() {}

    /// The number of live contacts.
    public var count: Int { bindings.values.reduce(0) { $0 + $1.count } }

    public mutating func apply(_ fact: RegistrationFact) {
        switch fact {
        case .bound(let binding):
            bindings[binding.addressOfRecord, default: [:]][binding.contact] = binding
            boundTotal += 1
        case .removed(let addressOfRecord, let contact, _):
            guard bindings[addressOfRecord]?.removeValue(forKey: contact) != nil else { return }
            if bindings[addressOfRecord]?.isEmpty == true { bindings.removeValue(forKey: addressOfRecord) }
            removedTotal += 1
        }
    }
}
