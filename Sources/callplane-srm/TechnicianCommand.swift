import AccessControl
import ArgumentParser
import SRMServer
import TerminalInput

/// `callplane-srm technician …`: the accounts that may log in to the page and API.
struct TechnicianCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "technician", abstract: "Technicians' accounts: add, remove, list.", subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a technician; the password (at least 10 characters) is asked twice without echo, or one line of standard input when that is a pipe.",
            discussion: "Never an argument: arguments stay in the shell history and show in ps.")
        @OptionGroup var data: DataDirectoryOptions
        @Argument var name: String

        func run() async throws {
            // Typed at a terminal it was echoed, and left on the screen and in its scroll-back.
            let password = try PasswordInput.standardInputUnlessTerminal.newPassword("Password for \(name): ")
            try await data.directory.addTechnician(name, password: password, hasher: PasswordHasher())
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a technician; their sessions end at their next request.")
        @OptionGroup var data: DataDirectoryOptions
        @Argument var name: String

        func run() async throws {
            try data.directory.removeTechnician(name)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One technician's name per line.")
        @OptionGroup var data: DataDirectoryOptions

        func run() async throws {
            for technician in try data.directory.technicians() { print(technician.name) }
        }
    }
}
