import AdminModels
import ArgumentParser
import Foundation

/// `callplane message-groups [show | set | delete]`: the announcement / message groups (manual
/// Tab. 13: 50 groups of 16 users). Group 16 is what the destination "system phone 1" shows
/// event messages to, group 15 "system phone 2" (§6.3.1.3).
struct MessageGroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message-groups", abstract: "Show, set and delete message groups (16: system phone 1, 15: system phone 2).",
        subcommands: [Show.self, Change.self, Delete.self], defaultSubcommand: Show.self
    )

    static func path(_ number: Int) -> String { "/api/v1/message-groups/\(number)" }

    static func line(_ group: MessageGroupView) -> String {
        [String(group.number), group.name, group.members.isEmpty ? "-" : group.members.joined(separator: ",")].joined(separator: "\t")
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per group: number, name, members; or the one group named.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "A group number, 1 to 50; all groups when left out.") var number: Int?

        func run() async throws {
            if let number {
                print(MessageGroupsCommand.line(try await options.client.decode(MessageGroupView.self, "GET", MessageGroupsCommand.path(number))))
                return
            }
            for group in try await options.client.decode(MessageGroupList.self, "GET", "/api/v1/message-groups").messageGroups {
                print(MessageGroupsCommand.line(group))
            }
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Create or replace a group: its name and all its members (at most 16 existing users).")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The group number, 1 to 50.") var number: Int
        @Option(help: "The group's name.") var name: String
        @Option(name: .customLong("member"), help: "A member's call number; repeat for each member, none for an empty group.") var members: [String] = []

        func run() async throws {
            let body = MessageGroupDefinition(name: name, members: members)
            print(MessageGroupsCommand.line(try await options.client.decode(MessageGroupView.self, "PUT", MessageGroupsCommand.path(number), body: body)))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The group number.") var number: Int

        func run() async throws {
            try await options.client.send("DELETE", MessageGroupsCommand.path(number))
            print("deleted message group \(number)")
        }
    }
}
