/// How far a profile's right in one area goes. `write` includes `read`.
public enum AreaAccess: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case read
    case write

    public static func < (lhs: AreaAccess, rhs: AreaAccess) -> Bool {
        lhs == .read && rhs == .write
    }
}
