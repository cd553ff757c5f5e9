import AdminModels
import ArgumentParser
import Foundation

/// `callplane profiles …`: authorization profiles (manual §5.3.1.2), the sets of rights an
/// account is given. Needs the user access control read right.
struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "Authorization profiles: list.",
        subcommands: [List.self]
    )

    /// The administration areas in the API contract's order, so every profile's rights line up.
    static let areas = ["system", "users", "terminals", "event_messages", "user_access_control", "maintenance", "audit"]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per profile: id, name, level, predefined, area rights (area:read|write), interface rights, file access."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for profile in try await options.client.decode(ProfileList.self, "GET", "/api/v1/profiles").profiles {
                print(Self.line(profile))
            }
        }

        static func line(_ profile: ProfileView) -> String {
            let granted = profile.areas
            let order = ProfilesCommand.areas + granted.keys.filter { !ProfilesCommand.areas.contains($0) }.sorted()
            let areas = order.compactMap { area in granted[area].map { "\(area):\($0)" } }
            return [
                profile.id, profile.name, profile.level, profile.predefined ? "predefined" : "-",
                areas.isEmpty ? "-" : areas.joined(separator: ","), profile.interfaces.isEmpty ? "-" : profile.interfaces.joined(separator: ","),
                "file \(profile.fileAccess)",
            ].joined(separator: "\t")
        }
    }
}
