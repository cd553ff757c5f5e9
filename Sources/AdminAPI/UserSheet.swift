import AdminModels
import Domain

/// The users as a sheet: a user's columns as the API shows a user, but its version, which is
/// the log's and not something an administrator edits.
///
/// Empty cells: `email` empty clears the address; `language` empty keeps the user's language
/// (English for a new user); `number` and `name` must be filled.
enum UserSheet: ConfigurationSheet {
    static let columns = ["number", "name", "email", "language"]
    static let importOnlyColumns: [String] = []
    static let requiredColumns = ["number", "name"]
    static let keyColumn = "number"
    static let maximumRows = CapacityLimit.users.max

    static func cells(of state: SystemState) -> [[String]] {
        state.users.values.sorted { AdminAPI.numberOrder($0.number, $1.number) }.map { user in
            [user.number, user.name, user.email ?? "", user.language]
        }
    }

    static func command(for row: CSVTable.Row, of table: CSVTable, in state: SystemState) throws(DomainError) -> Command {
        let number = table.cell("number", of: row) ?? ""
        guard !number.isEmpty else { throw .invalid(field: "number", rule: "is required: the user's call number") }
        let name = table.cell("name", of: row) ?? ""
        let email = table.cell("email", of: row).map { $0.isEmpty ? nil : $0 }
        let language = table.cell("language", of: row).flatMap { $0.isEmpty ? nil : $0 }
        guard state.user(number) != nil else {
            var user = User(number: number, name: name, email: email ?? nil)
            if let language { user.language = language }
            return .createUser(user)
        }
        return .updateUser(number: number, UserPatch(name: name, email: email, language: language))
    }

    static func report(_ command: Command, events: [DomainEvent], before: SystemState) -> (action: ImportAction, key: String, changes: [String]) {
        for event in events {
            switch event {
            case .userCreated(let user):
                return (.create, user.number, ["number", "name"] + (user.email == nil ? [] : ["email"]) + ["language"])
            case .userUpdated(let user):
                let old = before.user(user.number)
                let changed = [
                    old?.name != user.name ? "name" : nil, old?.email != user.email ? "email" : nil, old?.language != user.language ? "language" : nil,
                ]
                return (.update, user.number, changed.compactMap { $0 })
            default:
                continue
            }
        }
        if case .updateUser(let number, _) = command { return (.unchanged, number, []) }
        return (.unchanged, "", [])
    }
}
