import AdminModels
import ArgumentParser
import Foundation

/// `callplane remote-maintenance …`: whether remote maintenance access is barred, enabled once,
/// or enabled permanently (manual §5.4).
///
/// The same switch as the function codes *754/#754 (one-off) and *753/#753 (permanent): all
/// ways have equal standing, so one enabled by code can be barred here. A one-off access is
/// barred again by the server itself when the next remote maintenance session ends. Reading
/// needs the maintenance read right, switching the write right.
struct RemoteMaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote-maintenance", abstract: "Remote maintenance access: status, bar, one-off, permanent.",
        subcommands: [Status.self, Bar.self, OneOff.self, Permanent.self]
    )

    static func describe(_ view: RemoteMaintenanceView) -> String {
        switch view.mode {
        case "barred": "remote maintenance barred"
        case "one_off": "remote maintenance enabled once (one-off): barred again when the next remote maintenance session ends"
        // The manual advises against leaving it enabled (§5.4.1); say how to undo it.
        case "permanent": "remote maintenance enabled permanently, until `callplane remote-maintenance bar`"
        case let mode: "remote maintenance in an unknown mode (\(mode))"
        }
    }

    static func set(_ mode: String, _ options: ServerOptions) async throws {
        print(
            describe(
                try await options.client.decode(RemoteMaintenanceView.self, "PUT", "/api/v1/remote-maintenance", body: RemoteMaintenanceChange(mode: mode))))
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether remote maintenance access is barred, enabled once, or enabled permanently.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            print(RemoteMaintenanceCommand.describe(try await options.client.decode(RemoteMaintenanceView.self, "GET", "/api/v1/remote-maintenance")))
        }
    }

    struct Bar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bar", abstract: "Bar remote maintenance access (like #754 / #753).")
        @OptionGroup var options: ServerOptions

        func run() async throws { try await RemoteMaintenanceCommand.set("barred", options) }
    }

    struct OneOff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "one-off", abstract: "Enable one remote maintenance access, barred again when its session ends (like *754)."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws { try await RemoteMaintenanceCommand.set("one_off", options) }
    }

    struct Permanent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "permanent", abstract: "Enable remote maintenance access until it is barred (like *753)."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws { try await RemoteMaintenanceCommand.set("permanent", options) }
    }
}
