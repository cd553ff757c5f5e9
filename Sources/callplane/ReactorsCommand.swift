import AdminModels
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
            let list = try await options.client.decode(ReactorList.self, "GET", "/api/v1/reactors")
            print("head\t\(list.head)")
            for reactor in list.reactors {
                var line = [reactor.name, reactor.kind, String(reactor.position), String(reactor.lag), reactor.state]
                if let reason = reactor.reason { line.append(reason) }
                print(line.joined(separator: "\t"))
            }
        }
    }
}
