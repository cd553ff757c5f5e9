import AdminModels
import ArgumentParser
import ControlPlane
import Domain
import EventLog
import Foundation

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Inspect the projected state.",
        subcommands: [Hash.self]
    )

    struct Hash: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the state hash (SHA-256 of the canonical state) and its position.",
            discussion: "With --data-dir the log is replayed offline (read-only) instead of asking the server."
        )
        @OptionGroup var options: ServerOptions
        @Option(name: .customLong("data-dir"), help: "Replay this data directory's log offline.") var dataDirectory: String?

        func run() async throws {
            if let dataDirectory {
                let log = try OfflineLog.open(dataDirectory: dataDirectory)
                var state = SystemState()
                let position = try StateProjection.replay(log, after: 0, into: &state)
                await log.close()
                print("\(state.stateHash())\t\(position)")
            } else {
                let hash = try await options.client.decode(StateHashView.self, "GET", "/api/v1/state/hash")
                print("\(hash.hash)\t\(hash.position)")
            }
        }
    }
}
