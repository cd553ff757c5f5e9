import AdminModels
import ArgumentParser
import Domain
import Foundation

/// `callplane trunks …`: SIP providers and accounts, each account's registration, the exchange
/// access code and the DDI plan (issue 16, points 1 and 2).
struct TrunksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trunks", abstract: "SIP providers and accounts, their registration, the exchange access code and the DDI plan.",
        subcommands: [
            Providers.self, SetProvider.self, DeleteProvider.self, Accounts.self, SetAccount.self, DeleteAccount.self, Registrations.self,
            Routing.self, DDIPlanCommand.self,
        ], defaultSubcommand: Registrations.self
    )

    struct Providers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per provider: number, name, host:port, transport, registration required, interval, outbound proxy, media, CA file.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for provider in try await options.client.decode(SIPProviderList.self, "GET", "/api/v1/trunks/providers").providers {
                print(TrunksCommand.line(provider))
            }
        }
    }

    struct SetProvider: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-provider", abstract: "Create or replace a SIP provider (1 to 10).")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The provider number, 1 to 10.") var number: Int
        @Option(help: "The provider's name.") var name: String
        @Option(help: "The registrar and proxy: a host name, an IPv4 address or [IPv6].") var host: String
        @Option(help: "Its port (default 5060, 5061 for tls).") var port: Int?
        @Option(help: "udp (the default), tcp or tls (the provider's certificate is verified).") var transport: String?
        @Option(name: .customLong("ca-file"), help: "For tls: a PEM file of the roots to trust instead of the system's.") var caFile: String?
        @Option(name: .customLong("outbound-proxy"), help: "host or host:port the requests go to instead.") var outboundProxy: String?
        @Flag(name: .customLong("no-registration"), help: "The accounts do not register (the provider knows the system by its address).")
        var noRegistration = false
        @Option(name: .customLong("interval"), help: "Seconds the accounts register for, 60 to 86400 (default 3600).") var interval: Int?
        @Flag(name: .customLong("relay-media"), help: "Relay the provider's RTP through the server (indirect switching).") var relayMedia = false

        func run() async throws {
            guard transport == nil || TrunkTransport(rawValue: transport!) != nil else {
                throw ValidationError("--transport must be one of \(TrunkTransport.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let body = SIPProviderDefinition(
                name: name, host: host, port: port, transport: transport.flatMap(TrunkTransport.init), outboundProxy: outboundProxy,
                registrationRequired: !noRegistration, registerIntervalSeconds: interval, relayMedia: relayMedia, caFile: caFile)
            print(TrunksCommand.line(try await options.client.decode(SIPProviderView.self, "PUT", "/api/v1/trunks/providers/\(number)", body: body)))
        }
    }

    struct DeleteProvider: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-provider", abstract: "Delete a provider that has no accounts.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The provider number.") var number: Int

        func run() async throws {
            try await options.client.send("DELETE", "/api/v1/trunks/providers/\(number)")
            print("deleted SIP provider \(number)")
        }
    }

    struct Accounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per account: number, provider, user, channels, DDIs (passwords are never shown).")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for account in try await options.client.decode(SIPAccountList.self, "GET", "/api/v1/trunks/accounts").accounts {
                print(TrunksCommand.line(account))
            }
        }
    }

    struct SetAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-account", abstract: "Create or replace a SIP account (1 to 10); the password is read from standard input.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The account number, 1 to 10.") var number: Int
        @Option(help: "The provider's number.") var provider: Int
        @Option(help: "The account's user (its number at the provider).") var user: String
        @Option(name: .customLong("auth-name"), help: "The authentication name, when the provider gives one other than the user.")
        var authName: String?
        @Option(name: .customLong("ddi"), help: "A DDI number or range first-last; repeat for each.") var ddis: [String] = []
        @Option(help: "Calls the account may carry at once (default 2).") var channels: Int?
        @Flag(name: .customLong("keep-password"), help: "Keep the stored password instead of reading one.") var keepPassword = false

        func run() async throws {
            // On standard input, not in an option: a command line is visible to every user of
            // the machine (ps) and kept in shell histories.
            let password = keepPassword ? nil : readLine(strippingNewline: true)
            let body = SIPAccountDefinition(provider: provider, user: user, authName: authName, password: password, ddis: ddis, channels: channels)
            print(TrunksCommand.line(try await options.client.decode(SIPAccountView.self, "PUT", "/api/v1/trunks/accounts/\(number)", body: body)))
        }
    }

    struct DeleteAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-account", abstract: "Delete an account; it stops registering.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The account number.") var number: Int

        func run() async throws {
            try await options.client.send("DELETE", "/api/v1/trunks/accounts/\(number)")
            print("deleted SIP account \(number)")
        }
    }

    struct Registrations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per registering account: account, provider, phase, availability (cause), failures, last outcome, next attempt.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for registration in try await options.client.decode(TrunkRegistrationList.self, "GET", "/api/v1/trunks/registrations").registrations {
                let availability = registration.availability + (registration.cause.map { " (cause \($0))" } ?? "")
                print(
                    [
                        String(registration.account), String(registration.provider), registration.phase, availability, String(registration.failures),
                        registration.lastOutcome ?? "-", registration.nextAttemptAt ?? "-",
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Routing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the exchange access code, or set it with --code.")
        @OptionGroup var options: ServerOptions
        @Option(help: "1 to 4 digits.") var code: String?

        func run() async throws {
            let view: TrunkRoutingView
            if let code {
                view = try await options.client.decode(
                    TrunkRoutingView.self, "PUT", "/api/v1/trunks/routing", body: TrunkRoutingChange(exchangeAccessCode: code))
            } else {
                view = try await options.client.decode(TrunkRoutingView.self, "GET", "/api/v1/trunks/routing")
            }
            print("exchange access code\t\(view.exchangeAccessCode)")
        }
    }

    struct DDIPlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ddi-plan", abstract: "Show the DDI plan, or replace it with --row and --default.")
        @OptionGroup var options: ServerOptions
        @Option(name: .customLong("row"), help: "DDI=user (a number or range first-last, and the user it rings); repeat for each.")
        var rows: [String] = []
        @Option(name: .customLong("default"), help: "The user a DDI without a row rings.") var defaultDestination: String?
        @Flag(help: "Replace the plan with the rows and default given (none: an empty plan).") var replace = false

        func run() async throws {
            let view: DDIPlanView
            if replace {
                let assignments = try rows.map { row -> DDIAssignmentView in
                    let parts = row.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { throw ValidationError("--row \(row): write DDI=user") }
                    return DDIAssignmentView(ddi: parts[0], user: parts[1])
                }
                view = try await options.client.decode(
                    DDIPlanView.self, "PUT", "/api/v1/trunks/ddi-plan", body: DDIPlanChange(assignments: assignments, defaultDestination: defaultDestination))
            } else {
                view = try await options.client.decode(DDIPlanView.self, "GET", "/api/v1/trunks/ddi-plan")
            }
            for assignment in view.assignments { print("\(assignment.ddi)\t\(assignment.user)") }
            print("default\t\(view.defaultDestination ?? "-")")
        }
    }

    static func line(_ provider: SIPProviderView) -> String {
        [
            String(provider.number), provider.name, "\(provider.host):\(provider.port)", provider.transport,
            provider.registrationRequired ? "registers" : "no registration", "\(provider.registerIntervalSeconds)s", provider.outboundProxy ?? "-",
            provider.relayMedia ? "media relayed" : "media direct", provider.caFile.map { "trusts " + $0 } ?? "-",
        ].joined(separator: "\t")
    }

    static func line(_ account: SIPAccountView) -> String {
        [
            String(account.number), String(account.provider), account.user, "\(account.channels) channels",
            account.ddis.isEmpty ? "-" : account.ddis.joined(separator: ","),
        ].joined(separator: "\t")
    }
}
