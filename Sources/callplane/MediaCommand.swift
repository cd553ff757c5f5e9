import AdminModels
import ArgumentParser
import Domain

/// `callplane media`: the media relay's ports and relayed terminal kinds, and the VoIP channels
/// in use (issue 16, point 3).
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media", abstract: "Show the media relay, or set its ports and relayed terminal kinds.")
    @OptionGroup var options: ServerOptions
    @Option(help: "The relay's UDP ports, first-last (e.g. 40000-40999).") var ports: String?
    @Option(name: .customLong("relay"), help: "A terminal kind whose calls are relayed (system_sip, standard_sip); repeat for each.")
    var kinds: [String] = []
    @Flag(name: .customLong("relay-none"), help: "Relay no terminal kind (media direct between phones).") var relayNone = false

    func run() async throws {
        var view = try await options.client.decode(MediaRelayView.self, "GET", "/api/v1/media/relay")
        if ports != nil || !kinds.isEmpty || relayNone {
            var first = view.firstPort
            var last = view.lastPort
            if let ports {
                let bounds = ports.split(separator: "-").map { Int($0) }
                guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else {
                    throw ValidationError("--ports must be first-last, e.g. 40000-40999")
                }
                (first, last) = (low, high)
            }
            var relayed = view.relayedTerminalKinds.compactMap(TerminalKind.init(rawValue:))
            if relayNone { relayed = [] }
            if !kinds.isEmpty {
                relayed = try kinds.map { name in
                    guard let kind = TerminalKind(rawValue: name) else {
                        throw ValidationError("--relay must be one of \(TerminalKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return kind
                }
            }
            view = try await options.client.decode(
                MediaRelayView.self, "PUT", "/api/v1/media/relay", body: MediaRelayChange(firstPort: first, lastPort: last, relayedTerminalKinds: relayed))
        }
        print("ports\t\(view.firstPort)-\(view.lastPort)")
        print("relayed terminal kinds\t" + (view.relayedTerminalKinds.isEmpty ? "none" : view.relayedTerminalKinds.joined(separator: ", ")))
        print("VoIP channels in use\t\(view.voipChannelsInUse) of \(view.voipChannels)")
    }
}
