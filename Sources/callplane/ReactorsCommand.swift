import ArgumentParser
import Foundation

struct ReactorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reactors", abstract: "The reactors and projections that follow the log.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each reactor (its cursor) and projection (its folded position), with its lag behind the head.",
            discussion: "Columns: name, kind, position, lag, state (and why, when stopped)."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let object = try await options.client.send("GET", "/api/v1/reactors") as? [String: Any] ?? [:]
            print("head\t\(object["head"] as? Int ?? 0)")
            for reactor in object["reactors"] as? [[String: Any]] ?? [] {
                var line = [reactor["name"], reactor["kind"], reactor["position"], reactor["lag"], reactor["state"]]
                    .map { $0.map { "\($0)" } ?? "" }
                if let reason = reactor["reason"] as? String { line.append(reason) }
                print(line.joined(separator: "\t"))
            }
        }
    }
}
