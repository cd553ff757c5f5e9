/// The WebAdmin authorization level a profile opens (manual §5.1): it decides which views a
/// person sees and how many may be logged in at once.
public enum AuthorizationLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case administrator
    case administratorStandard = "administrator_standard"
    case systemAssistant = "system_assistant"
    case hospitalityAdministrator = "hospitality_administrator"
    case receptionist
    /// An outside application (the cloud gateway of seed 004) rather than a person.
    case outsideApplication = "outside_application"

    /// §5.1 note: "two users are able to access the same communication server simultaneously";
    /// both administrator levels share those two places.
    public var isAdministrator: Bool {
        self == .administrator || self == .administratorStandard
    }
}
