/// File access of an account's profile; the cloud gateway's account needs `read_write`
/// (seed 004, "Create CloudLink Application Credentials").
public enum FileAccess: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case read
    case readWrite = "read_write"
}
