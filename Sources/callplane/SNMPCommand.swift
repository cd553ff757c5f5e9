import Domain
import AdminModels
import ArgumentParser
import Foundation

/// `callplane snmp …`: where the MIB is, who may read the embedded SNMP agent, and where the
/// SNMP destinations send their notifications.
struct SNMPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snmp", abstract: "SNMP: the MIB's path, the agent's access, the SNMP destinations' receivers.",
        subcommands: [MIB.self, Agent.self, SetAgent.self, Destination.self]
    )

    /// Secrets come on standard input as the API's JSON object, so they never appear in the
    /// process list or the shell history.
    static func standardInput<Body: Decodable>(_ type: Body.Type) throws -> Body {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        do {
            return try JSONDecoder().decode(Body.self, from: input)
        } catch let unknown as UnknownMember {
            throw ValidationError("standard input: \(unknown.path) is not a member (allowed: \(unknown.allowed.joined(separator: ", ")))")
        } catch {
            throw ValidationError("standard input must hold one JSON object of the form shown in --help: \(error)")
        }
    }

    static func describe(_ view: SNMPAgentView) -> String {
        "\(view.communities) communities, users \(view.users.joined(separator: ", ")), networks \(view.allowedNetworks.joined(separator: ", "))"
    }

    struct MIB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mib", abstract: "Print the path of CALLPLANE-MIB.txt, for the NMS or snmpwalk -M.")

        /// `$CALLPLANE_MIB_DIR`, then `MIB/` of the source tree the binary was built in
        /// (`.build/<config>/callplane` → `../../MIB`), then the packaged location.
        func run() throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            var candidates: [String] = []
            if let directory = ProcessInfo.processInfo.environment["CALLPLANE_MIB_DIR"] { candidates.append(directory) }
            candidates.append(binary.deletingLastPathComponent().appendingPathComponent("../../MIB").standardized.path)
            candidates.append(binary.deletingLastPathComponent().appendingPathComponent("../share/callplane/mibs").standardized.path)
            for directory in candidates {
                let file = (directory as NSString).appendingPathComponent("CALLPLANE-MIB.txt")
                if FileManager.default.fileExists(atPath: file) {
                    print(file)
                    return
                }
            }
            throw ValidationError("CALLPLANE-MIB.txt not found in \(candidates.joined(separator: ", ")); set CALLPLANE_MIB_DIR")
        }
    }

    struct Agent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent", abstract: "Who may read the agent: communities (how many), v3 users, allowed networks.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let agent = try await options.client.decode(SNMPAgentView.self, "GET", "/api/v1/snmp/agent")
            print("communities: \(agent.communities)")
            print("v3 users (authPriv, SHA/AES): \(agent.users.joined(separator: ", "))")
            print("allowed networks: \(agent.allowedNetworks.joined(separator: ", "))")
        }
    }

    struct SetAgent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-agent",
            abstract:
                "Replace the agent's access with the JSON object on standard input ({\"communities\": [...], \"users\": [{\"name\", \"authPassphrase\", \"privPassphrase\"}], \"allowedNetworks\": [...]})."
        )
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let draft = try SNMPCommand.standardInput(SNMPAgentDraft.self)
            let agent = try await options.client.decode(SNMPAgentView.self, "PUT", "/api/v1/snmp/agent", body: draft)
            print("SNMP agent access set: \(SNMPCommand.describe(agent))")
        }
    }

    struct Destination: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "destination",
            abstract:
                "Point an SNMP destination at a notification receiver and switch it on; the receiver is the JSON object on standard input ({\"host\", \"port\", \"notification\": \"trap\"|\"inform\", \"community\"}, or \"user\": {\"name\", \"authPassphrase\", \"privPassphrase\"} instead of the community for SNMPv3 informs)."
        )
        @OptionGroup var options: ServerOptions
        @Argument(help: "snmp_1 … snmp_5.") var id: String

        func run() async throws {
            let receiver = try SNMPCommand.standardInput(JSONValue.self)
            let destination = try await options.client.decode(
                DestinationView.self, "PATCH", "/api/v1/destinations/\(id)", body: DestinationChange(enabled: true, settings: ["snmp": receiver]))
            let snmp = destination.settings["snmp"]
            print(
                "\(id) sends \(snmp?["version"]?.string ?? "?") \(snmp?["notification"]?.string ?? "?")s to \(snmp?["host"]?.string ?? "?"):\(snmp?["port"]?.integer ?? 0)"
            )
        }
    }
}
