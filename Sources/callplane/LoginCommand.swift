import TerminalInput
import AdminModels
import ArgumentParser
import Foundation

/// `callplane login`: opens a session (manual §5.3) and keeps its token in the session file, so
/// the commands that follow act as this account with its authorization profile's rights.
///
/// The password is read from standard input or asked for without echo, never taken as an
/// argument (see ``PasswordInput``). The token is printed only on request (`--print-token`), for
/// a script that wants a session of its own in `$CALLPLANE_TOKEN`; otherwise it exists only in
/// the session file, mode 0600.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to the admin API; later commands use the session until `callplane logout` or the idle timeout.",
        discussion: """
            The token is kept in $CALLPLANE_SESSION_FILE (default ~/.config/callplane/session, mode 0600) for this \
            server only; $CALLPLANE_TOKEN, when set, takes precedence over it. A new account, or one whose password \
            an administrator set, must change its password first: run `callplane password`.
            """
    )
    @OptionGroup var options: ServerOptions
    @Option(help: "The account to log in as.") var name = "admin"
    @Flag(name: .customLong("password-stdin"), help: "Read the password as one line of standard input instead of asking for it.")
    var passwordStdin = false
    @Flag(help: "Log in for remote maintenance (§5.4): needs the profile's remote maintenance right and remote maintenance enabled.")
    var remote = false
    @Flag(name: .customLong("print-token"), help: "Print the session token alone on standard output (for scripts); the other lines go to standard error.")
    var printToken = false

    func run() async throws {
        let server = try options.serverURL
        let file = SessionFile.standard
        let password = try PasswordInput(fromStandardInput: passwordStdin, withoutTerminal: "give it on standard input with --password-stdin").line(
            "Password for \(name): ")
        let body = LoginRequest(name: name, password: password, interface: remote ? "remote" : "api")

        // The session this file held for the server is replaced; it is ended once the new one
        // is open, so a mistyped password does not cost it. Only when the server refuses for
        // capacity — two administrator sessions at most, five per level (§5.1) — is it ended
        // first, since it may be the one in the way.
        let previous = file.token(for: server)
        let answer: SessionView
        do {
            answer = try await AdminClient(base: server).decode(SessionView.self, "POST", "/api/v1/session", body: body)
        } catch let failure as AdminClient.Failure where failure.code == "capacity_exceeded" && previous != nil {
            try? await AdminClient(base: server, token: previous).send("DELETE", "/api/v1/session")
            answer = try await AdminClient(base: server).decode(SessionView.self, "POST", "/api/v1/session", body: body)
        }
        guard let token = answer.token, !token.isEmpty else {
            throw AdminClient.Failure(description: "the server's answer holds no session token")
        }
        if let previous, previous != token {
            try? await AdminClient(base: server, token: previous).send("DELETE", "/api/v1/session")
        }
        try file.save(SessionFile.Entry(server: SessionFile.serverKey(server), token: token))

        // With --print-token standard output carries the token alone, so `$(…)` captures it.
        let say: (String) -> Void =
            printToken
            ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            : { print($0) }
        if printToken { print(token) }
        say("logged in as \(answer.account) (profile \(answer.profile))")
        if answer.remote {
            say("this is a remote maintenance session (§5.4)")
        }
        say("the session ends after \(Self.duration(answer.idleTimeoutSeconds)) without a request (§5.3.2)")
        if answer.mustChangePassword {
            say("the password must be changed before anything else: run `callplane password`")
        }
        if let variable = ProcessInfo.processInfo.environment["CALLPLANE_TOKEN"], !variable.isEmpty {
            FileHandle.standardError.write(Data("note: $CALLPLANE_TOKEN is set and takes precedence over this session\n".utf8))
        }
    }

    /// 900 → "15 min", 90 → "90 s".
    static func duration(_ seconds: Int) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }
}
