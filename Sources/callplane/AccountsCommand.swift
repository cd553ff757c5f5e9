import TerminalInput
import AdminModels
import ArgumentParser
import Foundation
import Logging
import CallplaneServer

/// `callplane accounts …`: user accounts (manual §5.3.1.1) and their access logs (§5.3.3).
///
/// Needs the user access control right: read to list and to read access logs, write to add,
/// remove and change accounts. Passwords are never shown, since the server never returns them.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "User accounts: list, add, remove, set-profile, access-log, reset (offline).",
        subcommands: [List.self, Add.self, Remove.self, SetProfile.self, AccessLog.self, Reset.self]
    )

    /// `name  profile  flags  N failed logins`; flags are `predefined`, `blocked` (after 15
    /// failed logins in a row, §5.3.1.3) and `must change password`, or `-`.
    static func line(_ account: AccountView) -> String {
        var flags: [String] = []
        if account.predefined { flags.append("predefined") }
        if account.blocked { flags.append("blocked") }
        if account.mustChangePassword { flags.append("must change password") }
        return [account.name, account.profile, flags.isEmpty ? "-" : flags.joined(separator: ","), "\(account.failedAttempts) failed logins"]
            .joined(separator: "\t")
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per account: name, authorization profile, flags, failed logins in a row.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for account in try await options.client.decode(AccountList.self, "GET", "/api/v1/accounts").accounts {
                print(AccountsCommand.line(account))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; its initial password is one line of standard input (asked for when it is a terminal).",
            discussion: "The account must change this password at its first login (§5.3.1.3)."
        )
        @OptionGroup var options: ServerOptions
        @Argument(help: "Account name: 1–25 characters of A–Z a–z 0–9, space and ? / < > - + * # = . , (not case-sensitive).")
        var name: String
        @Option(help: "Authorization profile id, e.g. receptionist (see `callplane profiles list`).")
        var profile: String

        func run() async throws {
            let client = try options.client
            let password = try PasswordInput.standardInputUnlessTerminal.newPassword("Initial password for \(name): ")
            let account = try await client.decode(
                AccountView.self, "POST", "/api/v1/accounts", body: AccountCreation(name: name, profile: profile, password: password))
            print(AccountsCommand.line(account))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an account (predefined accounts cannot be deleted).")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Account name.") var name: String

        func run() async throws {
            try await options.client.send("DELETE", "/api/v1/accounts/\(AdminClient.segment(name))")
            print("removed account \(name)")
        }
    }

    struct SetProfile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-profile", abstract: "Assign another authorization profile to an account.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Account name.") var name: String
        @Argument(help: "Authorization profile id.") var profile: String

        func run() async throws {
            let account = try await options.client.decode(
                AccountView.self, "PATCH", "/api/v1/accounts/\(AdminClient.segment(name))", body: AccountUpdate(profile: profile))
            print(AccountsCommand.line(account))
        }
    }

    /// The access log keeps the last 20 login attempts of each account, refused ones included
    /// (§5.3.3), so a password being guessed shows before the account is blocked.
    struct AccessLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "access-log",
            abstract: "An account's access log, newest first (20 entries at most): time, source, interface, success or failure, reason."
        )
        @OptionGroup var options: ServerOptions
        @Argument(help: "Account name.") var name: String

        func run() async throws {
            let log = try await options.client.decode(AccessLogView.self, "GET", "/api/v1/accounts/\(AdminClient.segment(name))/access-log")
            for entry in log.entries {
                print([entry.at, entry.source, entry.interface, entry.success ? "success" : "failure", entry.reason].joined(separator: "\t"))
            }
        }
    }

    /// The machine owner's way back in (issue 13, point 15): a blocked account, or a lost
    /// `admin` password, with no other administrator to reset it. Works on the data directory,
    /// with the server stopped; access to the directory is the trust boundary.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Offline, with the server stopped: set a new password for an account and unblock it.",
            discussion: """
                Reads the new password from standard input (or asks for it twice without echo). The account must \
                change it at its next login. The change is recorded in the log like any other, by the operating-system \
                user from the source local-cli.
                """
        )
        @Option(name: .customLong("data-dir"), help: "The server's data directory.") var dataDirectory: String
        @Option(name: .customLong("secret-key-file"), help: "The key that seals the log's secrets (default: secret.key in the data directory).")
        var secretKeyFile: String?
        @Argument(help: "Account name.") var name: String

        func run() async throws {
            CommandLineLogging.bootstrap(level: .warning)
            var settings = ServerSettings()
            settings.dataDirectory = dataDirectory
            settings.secretKeyFile = secretKeyFile
            let password = try PasswordInput.standardInputUnlessTerminal.newPassword("New password for \(name): ")
            let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "uid \(getuid())"
            let position = try await OwnerAccountReset.reset(
                account: name, password: password, settings: settings, actor: "local:\(user)", logger: Logger(label: "callplane.accounts.reset"))
            print("password reset for \(name) at position \(position); the account is active again and must change the password at its next login")
        }
    }
}
