import ArgumentParser
import Foundation

/// Where the API-backed commands find the server.
struct ServerOptions: ParsableArguments {
    @Option(help: "Base URL of the admin API (default: $CALLPLANE_SERVER or http://127.0.0.1:8080).")
    var server: String?

    var client: AdminClient {
        get throws {
            let text = server ?? ProcessInfo.processInfo.environment["CALLPLANE_SERVER"] ?? "http://127.0.0.1:8080"
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--server must be an http(s) URL, not \(text)")
            }
            return AdminClient(base: url)
        }
    }
}
