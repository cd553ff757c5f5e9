import ArgumentParser
import Foundation

/// Where the API-backed commands find the server, and the session they act in.
struct ServerOptions: ParsableArguments {
    @Option(help: "Base URL of the admin API (default: $CALLPLANE_SERVER or http://127.0.0.1:8080).")
    var server: String?

    /// The server's base URL: `--server`, else `$CALLPLANE_SERVER`, else the local default.
    var serverURL: URL {
        get throws {
            let text = server ?? ProcessInfo.processInfo.environment["CALLPLANE_SERVER"] ?? "http://127.0.0.1:8080"
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--server must be an http(s) URL, not \(text)")
            }
            return url
        }
    }

    /// A client carrying the session token, since every route but the public ones needs one
    /// (manual §5.3).
    var client: AdminClient {
        get throws {
            let url = try serverURL
            return AdminClient(base: url, token: Self.token(for: url))
        }
    }

    /// `$CALLPLANE_TOKEN`, else the session file's token when it was issued by this server.
    /// The variable comes first so a script can act in a session of its own without touching
    /// the file an interactive `callplane login` keeps.
    static func token(for server: URL) -> String? {
        if let token = ProcessInfo.processInfo.environment["CALLPLANE_TOKEN"], !token.isEmpty { return token }
        return SessionFile.standard.token(for: server)
    }
}
