import AdminModels
import ArgumentParser
import Foundation

/// `callplane registrations`: the terminals registered now, one line per contact (issue 15,
/// point 8), as `GET /api/v1/registrations` lists them. Needs the terminals read right.
struct RegistrationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registrations",
        abstract: "One line per live registration: terminal id, registration name, user, contact, source, seconds left."
    )
    @OptionGroup var options: ServerOptions
    @Option(help: "Only the terminals of the user with this call number.") var user: String?
    @Option(help: "Only this terminal's contacts.") var terminal: Int?

    func run() async throws {
        var query: [URLQueryItem] = []
        if let user { query.append(URLQueryItem(name: "user", value: user)) }
        if let terminal { query.append(URLQueryItem(name: "terminal", value: String(terminal))) }
        let list = try await options.client.decode(RegistrationList.self, "GET", "/api/v1/registrations", query: query)
        for registration in list.registrations { print(Self.line(registration)) }
    }

    static func line(_ registration: RegistrationView) -> String {
        [
            registration.terminal.map(String.init) ?? "-", registration.registrationName, registration.userNumber ?? "-", registration.contact,
            registration.source ?? "-", "\(registration.secondsLeft)s",
        ].joined(separator: "\t")
    }
}
