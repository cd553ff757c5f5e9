/// Who issued a command and from where; every event it records carries both (docs/architecture.md, "The
/// event envelope": `actor` / `source`), which is what an auditor asks for.
public struct CommandOrigin: Sendable, Hashable {
    /// An account name, `sip:201`, `system`, `srm:<technician>`; `anonymous` until access
    /// control lands.
    public var actor: String
    /// An address and interface, e.g. `127.0.0.1/http`.
    public var source: String

    public init(actor: String, source: String) {
        self.actor = actor
        self.source = source
    }

    public static let system = CommandOrigin(actor: "system", source: "local")
}
