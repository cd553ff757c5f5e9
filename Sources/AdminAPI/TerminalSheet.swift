import AdminModels
import Domain

/// The terminals as a sheet: a terminal's columns as the API shows one, but its version and
/// whether a password is set. No password is ever exported; an import may bring one in the
/// `password` column, which a new terminal needs.
///
/// A row with an `id` updates that terminal (ids are the system's, so an id that does not
/// exist is refused); a row without one creates a terminal with the next free id. Empty cells:
/// `userNumber` and `macAddress` empty unassign the user and remove the address; `kind`,
/// `srtp` and `password` empty keep the terminal's (a new terminal takes the standard SRTP
/// mode and needs kind and password); `registrationName` must be filled.
enum TerminalSheet: ConfigurationSheet {
    static let columns = ["id", "kind", "registrationName", "userNumber", "macAddress", "srtp"]
    static let importOnlyColumns = ["password"]
    static let requiredColumns = ["id", "kind", "registrationName"]
    static let keyColumn = "id"
    static let maximumRows = CapacityLimit.terminals.max

    static func cells(of state: SystemState) -> [[String]] {
        state.terminals.values.sorted { $0.id < $1.id }.map { terminal in
            [
                String(terminal.id), terminal.kind.rawValue, terminal.registrationName, terminal.userNumber ?? "", terminal.macAddress ?? "",
                terminal.srtp.rawValue,
            ]
        }
    }

    static func command(for row: CSVTable.Row, of table: CSVTable, in state: SystemState) throws(DomainError) -> Command {
        func optional(_ column: String) -> String?? { table.cell(column, of: row).map { $0.isEmpty ? nil : $0 } }
        let kindText = table.cell("kind", of: row) ?? ""
        let password = optional("password") ?? nil
        var srtp: SRTPMode?
        if let text = optional("srtp") ?? nil {
            guard let mode = SRTPMode(rawValue: text) else {
                throw .invalid(field: "srtp", rule: "must be one of \(SRTPMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            srtp = mode
        }
        let registrationName = table.cell("registrationName", of: row) ?? ""
        let idText = table.cell("id", of: row) ?? ""
        guard !idText.isEmpty else {
            guard let kind = TerminalKind(rawValue: kindText) else {
                throw .invalid(field: "kind", rule: "must be one of \(TerminalKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let password else { throw .invalid(field: "password", rule: "is required for a new terminal (a row without id)") }
            return .createTerminal(
                TerminalDraft(
                    kind: kind, registrationName: registrationName, password: password, userNumber: optional("userNumber") ?? nil,
                    macAddress: optional("macAddress") ?? nil, srtp: srtp ?? .standard))
        }
        guard let id = Int(idText), id > 0 else {
            throw .invalid(field: "id", rule: "must be a terminal's id (a whole number from 1), or empty to create a terminal")
        }
        guard let terminal = state.terminal(id: id) else {
            throw .invalid(field: "id", rule: "no terminal has id \(id); leave the cell empty to create a terminal")
        }
        if !kindText.isEmpty, kindText != terminal.kind.rawValue {
            throw .invalid(field: "kind", rule: "a terminal keeps its kind (\(terminal.kind.rawValue)); delete it and create a new one")
        }
        return .updateTerminal(
            id: id,
            TerminalPatch(
                registrationName: registrationName, password: password, userNumber: optional("userNumber"), macAddress: optional("macAddress"), srtp: srtp
            ))
    }

    static func report(_ command: Command, events: [DomainEvent], before: SystemState) -> (action: ImportAction, key: String, changes: [String]) {
        for event in events {
            switch event {
            case .terminalCreated(let terminal):
                let set =
                    ["kind", "registrationName", "password"] + (terminal.userNumber == nil ? [] : ["userNumber"])
                    + (terminal.macAddress == nil ? [] : ["macAddress"]) + ["srtp"]
                return (.create, String(terminal.id), set)
            case .terminalUpdated(let terminal):
                let old = before.terminal(id: terminal.id)
                let changed = [
                    old?.registrationName != terminal.registrationName ? "registrationName" : nil,
                    old?.password != terminal.password ? "password" : nil, old?.userNumber != terminal.userNumber ? "userNumber" : nil,
                    old?.macAddress != terminal.macAddress ? "macAddress" : nil, old?.srtp != terminal.srtp ? "srtp" : nil,
                ]
                return (.update, String(terminal.id), changed.compactMap { $0 })
            default:
                continue
            }
        }
        if case .updateTerminal(let id, _) = command { return (.unchanged, String(id), []) }
        return (.unchanged, "", [])
    }
}
