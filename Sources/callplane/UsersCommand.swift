import AdminModels
import ArgumentParser
import Foundation

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List, add and remove users; show and change their telephony settings.",
        subcommands: [List.self, Add.self, Remove.self, Telephony.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per user: number, name, e-mail, language.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for user in try await options.client.decode(UserList.self, "GET", "/api/v1/users").users {
                print(Self.line(user))
            }
        }

        static func line(_ user: UserView) -> String {
            [user.number, user.name, user.email ?? "-", user.language].joined(separator: "\t")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Call number, e.g. 101.") var number: String
        @Argument(help: "Name.") var name: String
        @Option(help: "E-mail address.") var email: String?
        @Option(help: "ISO 639-1 language code.") var language: String?

        func run() async throws {
            let body = UserCreation(number: number, name: name, email: email, language: language)
            print(List.line(try await options.client.decode(UserView.self, "POST", "/api/v1/users", body: body)))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Call number.") var number: String

        func run() async throws {
            try await options.client.send("DELETE", "/api/v1/users/\(number)")
            print("removed user \(number)")
        }
    }

    /// `callplane users telephony <number> […]`: shows the user's telephony settings, or
    /// changes those given.
    struct Telephony: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a user's telephony settings, or change those given (remote maintenance codes, busy on busy, call forwarding).")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Call number.") var number: String
        @Option(help: "May the user switch remote maintenance with *754/#754, *753/#753 (on/off)? Needs the maintenance write right too.")
        var remoteMaintenanceAccess: Switch?
        @Option(help: "Answer a second call 486 while the user is in a call (on/off).") var busyOnBusy: Switch?
        @Option(help: "Forward every call to this user's call number (call forwarding unconditional).") var forwardTo: String?
        @Flag(help: "Remove the call forwarding.") var noForwarding = false

        enum Switch: String, ExpressibleByArgument, CaseIterable {
            case on, off
            var value: Bool { self == .on }
        }

        func validate() throws {
            if forwardTo != nil && noForwarding { throw ValidationError("--forward-to and --no-forwarding exclude each other") }
        }

        func run() async throws {
            let path = "/api/v1/users/\(number)/telephony"
            let view: UserTelephonyView
            if remoteMaintenanceAccess == nil && busyOnBusy == nil && forwardTo == nil && !noForwarding {
                view = try await options.client.decode(UserTelephonyView.self, "GET", path)
            } else {
                var change = UserTelephonyChange(remoteMaintenanceAccess: remoteMaintenanceAccess?.value, busyOnBusy: busyOnBusy?.value)
                if let forwardTo { change.callForwardingUnconditional = .some(forwardTo) }
                if noForwarding { change.callForwardingUnconditional = .some(nil) }
                view = try await options.client.decode(UserTelephonyView.self, "PATCH", path, body: change)
            }
            print("remote maintenance access: \(view.remoteMaintenanceAccess ? "on" : "off")")
            print("busy on busy: \(view.busyOnBusy ? "on" : "off")")
            print("call forwarding unconditional: \(view.callForwardingUnconditional.map { "to \($0)" } ?? "off")")
        }
    }
}
