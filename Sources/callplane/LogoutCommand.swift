import ArgumentParser
import Foundation

/// `callplane logout`: ends the session on the server and forgets its token.
///
/// Ending it on the server, not just deleting the file, matters: a session counts against the
/// limits of two administrator sessions and five per level (manual §5.1) until it ends, and a
/// one-off remote maintenance access is barred again only when its session ends (§5.4).
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "End the session (the one in $CALLPLANE_TOKEN, else the session file's) and remove it from the session file."
    )
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let server = try options.serverURL
        guard let token = ServerOptions.token(for: server) else {
            print("not logged in to \(SessionFile.serverKey(server))")
            return
        }
        var ended = true
        do {
            try await AdminClient(base: server, token: token).send("DELETE", "/api/v1/session")
        } catch let failure as AdminClient.Failure where failure.status == 401 {
            // Ended already (idle timeout, a restart): only the file is left to clean up.
            ended = false
        }
        // Any other failure (server unreachable) has thrown: the file is kept for another try.
        let file = SessionFile.standard
        if let entry = try? file.load(), entry.server == SessionFile.serverKey(server), entry.token == token {
            try file.delete()
        }
        print(ended ? "logged out" : "the session had ended already")
    }
}
