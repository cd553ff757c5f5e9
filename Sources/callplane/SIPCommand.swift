import AdminModels
import ArgumentParser
import Domain
import Foundation

/// `callplane sip …`: settings of the SIP listeners.
struct SIPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip", abstract: "SIP: the listeners' DoS protection.", subcommands: [DoSProtection.self]
    )

    /// `callplane sip dos-protection [show | set …]`: how many failed registrations, requests,
    /// requests without a session and malformed messages a source may send within the window
    /// before it is blocked, for how long, and who is blocked now (issue 15, point 3).
    struct DoSProtection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dos-protection", abstract: "Show or change the DoS protection settings; show lists the addresses blocked now.",
            subcommands: [Show.self, Change.self], defaultSubcommand: Show.self
        )

        static let path = "/api/v1/sip/dos-protection"

        static func describe(_ view: DoSProtectionView) -> [String] {
            func count(_ value: Int) -> String { value == 0 ? "off" : String(value) }
            var lines = [
                "failed registrations: \(count(view.failedRegistrations))",
                "transactions: \(count(view.transactions))",
                "requests without session: \(count(view.requestsWithoutSession))",
                "modified messages: \(count(view.modifiedMessages))",
                "window: \(view.windowSeconds) s",
                "block: \(view.blockSeconds) s",
            ]
            lines.append(view.blocked.isEmpty ? "blocked now: none" : "blocked now:")
            lines += view.blocked.map { "\t\($0.address)\tuntil \($0.blockedUntil)" }
            return lines
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The settings (per source and window; 0 is off) and the addresses blocked now.")
            @OptionGroup var options: ServerOptions

            func run() async throws {
                for line in DoSProtection.describe(try await options.client.decode(DoSProtectionView.self, "GET", DoSProtection.path)) { print(line) }
            }
        }

        struct Change: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set", abstract: "Change the settings given; the others stay. Counts are per source address and window, 0 turns one off.")
            @OptionGroup var options: ServerOptions
            @Option(help: "Failed registrations before a block (0 off, up to 100000).") var failedRegistrations: Int?
            @Option(help: "Requests of any kind before a block (0 off, up to 100000).") var transactions: Int?
            @Option(help: "Requests for dialogs or transactions that do not exist (0 off, up to 100000).") var requestsWithoutSession: Int?
            @Option(help: "Malformed messages before a block (0 off, up to 100000).") var modifiedMessages: Int?
            @Option(help: "The window the counts are taken over, 1 to 3600 seconds.") var windowSeconds: Int?
            @Option(help: "How long a source stays blocked, 1 to 86400 seconds.") var blockSeconds: Int?

            func validate() throws {
                let given = [failedRegistrations, transactions, requestsWithoutSession, modifiedMessages, windowSeconds, blockSeconds]
                guard given.contains(where: { $0 != nil }) else { throw ValidationError("give at least one setting to change (see --help)") }
            }

            /// The settings in force with the given ones changed, sent with their version, so a
            /// change someone made in between is refused rather than undone.
            func run() async throws {
                let current = try await options.client.decode(DoSProtectionView.self, "GET", DoSProtection.path)
                var settings = current.settings
                if let failedRegistrations { settings.failedRegistrations = failedRegistrations }
                if let transactions { settings.transactions = transactions }
                if let requestsWithoutSession { settings.requestsWithoutSession = requestsWithoutSession }
                if let modifiedMessages { settings.modifiedMessages = modifiedMessages }
                if let windowSeconds { settings.windowSeconds = windowSeconds }
                if let blockSeconds { settings.blockSeconds = blockSeconds }
                let changed = try await options.client.decode(
                    DoSProtectionView.self, "PUT", DoSProtection.path, body: DoSProtectionChange(settings), ifMatch: current.version)
                for line in DoSProtection.describe(changed) { print(line) }
            }
        }
    }
}
