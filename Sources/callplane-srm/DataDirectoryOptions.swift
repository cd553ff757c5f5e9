import ArgumentParser
import SRMServer

/// `--data-dir`, which every command takes.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The SRM server's files: systems.json, technicians.json, its CA and certificate.")
    var path = "./srm-data"

    var directory: SRMDataDirectory { SRMDataDirectory(path: path) }
}
