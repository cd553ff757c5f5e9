import AdminModels
import ArgumentParser
import Foundation

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List, add and remove users.",
        subcommands: [List.self, Add.self, Remove.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per user: number, name, e-mail, language.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            for user in try await options.client.decode(UserList.self, "GET", "/api/v1/users").users {
                print(Self.line(user))
            }
        }

        static func line(_ user: UserView) -> String {
            [user.number, user.name, user.email ?? "-", user.language].joined(separator: "\t")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Call number, e.g. 101.") var number: String
        @Argument(help: "Name.") var name: String
        @Option(help: "E-mail address.") var email: String?
        @Option(help: "ISO 639-1 language code.") var language: String?

        func run() async throws {
            let body = UserCreation(number: number, name: name, email: email, language: language)
            print(List.line(try await options.client.decode(UserView.self, "POST", "/api/v1/users", body: body)))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Call number.") var number: String

        func run() async throws {
            try await options.client.send("DELETE", "/api/v1/users/\(number)")
            print("removed user \(number)")
        }
    }
}
