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
            let object = try await options.client.send("GET", "/api/v1/profiles") as? [String: Any] ?? [:]
            for profile in object["profiles"] as? [[String: Any]] ?? [] {
                print(Self.line(profile))
            }
        }

        static func line(_ profile: [String: Any]) -> String {
            let granted = profile["areas"] as? [String: String] ?? [:]
            let order = ProfilesCommand.areas + granted.keys.filter { !ProfilesCommand.areas.contains($0) }.sorted()
            let areas = order.compactMap { area in granted[area].map { "\(area):\($0)" } }
            let interfaces = profile["interfaces"] as? [String] ?? []
            return [
                profile["id"] as? String ?? "", profile["name"] as? String ?? "", profile["level"] as? String ?? "-",
                profile["predefined"] as? Bool == true ? "predefined" : "-",
                areas.isEmpty ? "-" : areas.joined(separator: ","), interfaces.isEmpty ? "-" : interfaces.joined(separator: ","),
                "file \(profile["fileAccess"] as? String ?? "none")",
            ].joined(separator: "\t")
        }
    }
}
