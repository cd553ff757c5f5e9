import ArgumentParser

/// `callplane-srm`: the SRM server an installer runs at the office (issue 19, point 4;
/// docs/srm.md). `serve` runs it; the other commands change its files, which a running server
/// reads again without a restart.
@main
struct SRMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callplane-srm",
        abstract: "The SRM server: Callplane systems' agents connect to it; technicians see their status.",
        subcommands: [ServeCommand.self, CACommand.self, SystemCommand.self, TechnicianCommand.self]
    )
}
