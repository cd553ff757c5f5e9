import AdminModels
import ArgumentParser

/// `callplane atas`: the alarm server interface (issue 17, point 4; docs/atas.md) — where it
/// listens and who is logged on. The interval of the cycle signal is the ATAS destination's
/// setting (`callplane destinations atas --cycle-seconds`).
struct ATASCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "atas", abstract: "Show the alarm server interface (ATAS) and the alarm server logged on.")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        print(Self.lines(try await options.client.decode(ATASStatusView.self, "GET", "/api/v1/atas")))
    }

    static func lines(_ view: ATASStatusView) -> String {
        var lines = ["listening\t\(view.listening ?? "off (atas.listen)")", "link\t\(view.link)"]
        if let server = view.alarmServer {
            lines.append("alarm server\t\(server.account) from \(server.address) since \(server.since)")
            lines.append("cycle\tevery \(server.cycleSeconds) s, last \(server.lastCycle)")
            lines.append("in flight\t\(server.inFlight)")
        } else {
            lines.append("alarm server\tnone logged on")
        }
        lines.append("last acknowledged\t\(view.lastAcknowledged.map(String.init) ?? "none")")
        return lines.joined(separator: "\n")
    }
}
