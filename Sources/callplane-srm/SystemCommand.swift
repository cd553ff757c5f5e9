import AccessControl
import ArgumentParser
import Foundation
import SRMServer

/// `callplane-srm system …`: the allow-list of systems whose agents may connect.
struct SystemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system", abstract: "The allow-list: add, remove, list, allow-status.",
        subcommands: [Add.self, Remove.self, List.self, AllowStatus.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a system on the allow-list and print its secret (once: only its hash is kept).",
            discussion: "Enter the secret in the system's SRM settings; it goes to the SRM server only inside TLS.")
        @OptionGroup var data: DataDirectoryOptions
        @Argument(help: "The system id: 1 to 64 of A-Z a-z 0-9 . _ -.") var systemID: String
        @Option(help: "The name shown on the page (default: the name the system reports).") var name: String?
        @Flag(help: "Do not let this system change its status here (manual §6.3.1.3).") var noStatusChanges = false

        func run() async throws {
            let secret = try await data.directory.addSystem(systemID, name: name, statusAllowed: !noStatusChanges, hasher: PasswordHasher())
            print(secret)
            FileHandle.standardError.write(Data("system \(systemID) added; the secret above is not shown again\n".utf8))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a system off the allow-list; its agent is refused from its next hello on.")
        @OptionGroup var data: DataDirectoryOptions
        @Argument var systemID: String

        func run() async throws {
            try data.directory.removeSystem(systemID)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per system: id, name, whether status changes are allowed.")
        @OptionGroup var data: DataDirectoryOptions

        func run() async throws {
            for system in try data.directory.systems() {
                print([system.systemID, system.name ?? "-", system.statusAllowed ? "status allowed" : "status not allowed"].joined(separator: "\t"))
            }
        }
    }

    struct AllowStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "allow-status", abstract: "Allow (on) or bar (off) the system's status changes (manual §6.3.1.3).")
        @OptionGroup var data: DataDirectoryOptions
        @Argument var systemID: String
        @Argument(help: "on or off.") var setting: String

        func validate() throws {
            guard ["on", "off"].contains(setting) else { throw ValidationError("the setting is on or off (not \(setting))") }
        }

        func run() async throws {
            try data.directory.setStatusAllowed(systemID, setting == "on")
        }
    }
}
