import TerminalInput
import AdminModels
import ArgumentParser
import Foundation

/// `callplane password`: changes the logged-in account's own password, or sets another
/// account's (manual §5.3.1.3).
///
/// Changing one's own needs the current password as well, so a session left open cannot be used
/// to take the account over. Setting another account's needs the user access control write
/// right; that is also how a blocked account is unblocked and a lost password replaced, and the
/// account must change the password again at its next login. The password rules (length,
/// character classes, not `password`, not the name, not one of the last four) are checked by the
/// server, whose refusal names the rule.
struct PasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Change your own password, or with --account set another account's.",
        discussion: """
            Own password: the current one, then the new one (asked twice; with --stdin two lines: current, new). \
            Another account's: the new one only (with --stdin one line); it must be changed at that account's next login.
            """
    )
    @OptionGroup var options: ServerOptions
    @Option(help: "Another account whose password to set (needs the user access control write right); default: your own.")
    var account: String?
    @Flag(name: .customLong("stdin"), help: "Read the passwords as lines of standard input instead of asking for them.")
    var fromStandardInput = false

    func run() async throws {
        let client = try options.client
        let own = try await client.decode(SessionView.self, "GET", "/api/v1/session").account
        let input = PasswordInput(fromStandardInput: fromStandardInput, withoutTerminal: "give it on standard input with --stdin")
        // Account names are not case-sensitive (§5.3.1.1).
        if let account, account.lowercased() != own.lowercased() {
            let new = try input.newPassword("New password for \(account): ")
            try await client.send("PUT", "/api/v1/accounts/\(AdminClient.segment(account))/password", body: PasswordRequest(newPassword: new))
            print("password set for \(account); it must be changed at the account's next login")
        } else {
            let current = try input.line("Current password for \(own): ")
            let new = try input.newPassword("New password for \(own): ")
            try await client.send(
                "PUT", "/api/v1/accounts/\(AdminClient.segment(own))/password",
                body: PasswordRequest(newPassword: new, currentPassword: current))
            print("password changed for \(own)")
        }
    }
}
