import Foundation
import SNMP

/// The baseline of the first SNMP figure (issue 14, point 2): the system snmpd serving the very
/// table the embedded agent serves, through `ops/bench-snmpd/callplane_bench_table.c`, a module
/// built on net-snmp's table_container helper (the helper under its MFD modules; the C file
/// says why that one) and loaded with `dlmod`.
///
/// The module is compiled here, at bench time, with the machine's `cc` and `net-snmp-config`
/// (libsnmp-dev, which `ops/install-deps` installs), so it always matches the snmpd it is
/// loaded into; a failed compilation throws with the compiler's message rather than falling
/// back to another baseline. Its rows are written from the same MIB snapshot the embedded
/// agent publishes (names, syntaxes, values), so both agents serve the same varbinds and the
/// module holds no copy of CALLPLANE-MIB that could drift from the Swift one.
struct SNMPDTableModule {
    /// `dlmod NAME PATH` makes snmpd call `init_NAME` in the library.
    static let name = "callplane_bench_table"
    /// In snmpd's environment: the rows file the module reads when it is loaded.
    static let environmentVariable = "CALLPLANE_BENCH_TABLE"
    /// The module's source, found from this file's place in the repository: the bench runs
    /// from the build tree it was built in (`ops/bench`), so the checkout is there too.
    static let source = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ops/bench-snmpd/\(name).c").path

    /// The compiled module.
    let library: String
    /// The rows, in the module's format (see the C file).
    let rowsFile: String
    let rows: Int

    /// Writes the rows of `table` in `snapshot` and compiles the module, both into `directory`.
    init(snapshot: MIBSnapshot, table: [UInt32], directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        rowsFile = (directory as NSString).appendingPathComponent("rows.txt")
        rows = try Self.writeRows(of: table, in: snapshot, to: rowsFile)
        library = (directory as NSString).appendingPathComponent("\(Self.name).so")
        try Self.compile(into: library, directory: directory)
    }

    /// The snmpd configuration line that loads the module.
    var configurationLine: String { "dlmod \(Self.name) \(library)" }

    /// What snmpd's environment needs for the module to find its rows.
    var environment: [String: String] { [Self.environmentVariable: rowsFile] }

    /// One `row` line per index of the table's entry, in index order, each cell typed as the
    /// embedded agent answers it; the number of rows.
    private static func writeRows(of table: [UInt32], in snapshot: MIBSnapshot, to path: String) throws -> Int {
        let entry = table + [1]
        var cells: [UInt32: [UInt32: MIBValue]] = [:]
        for item in snapshot.entries where item.name.starts(with: entry) {
            guard item.name.count == entry.count + 2 else {
                throw BenchError("\(item.name) is not a cell with a one-number index: the snmpd module serves only those")
            }
            cells[item.name[entry.count + 1], default: [:]][item.name[entry.count]] = item.value
        }
        let columns = Set(cells.values.flatMap(\.keys)).sorted()
        guard let first = columns.first, let last = columns.last, columns.count == Int(last - first) + 1 else {
            throw BenchError("the table has no cells, or its columns \(columns) are not consecutive")
        }
        var text = "table \(table.map(String.init).joined(separator: ".")) \(first) \(last)\n"
        for index in cells.keys.sorted() {
            text += "row \(index)"
            for column in columns {
                guard let value = cells[index]?[column] else { throw BenchError("row \(index) has no cell in column \(column)") }
                text += " " + (try cell(value))
            }
            text += "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return cells.count
    }

    private static func cell(_ value: MIBValue) throws -> String {
        switch value {
        case .integer(let number): "i:\(number)"
        case .unsigned(let number): "u:\(number)"
        case .gauge(let number): "g:\(number)"
        case .timeTicks(let number): "t:\(number)"
        case .octets(let bytes): "x:" + bytes.map { String(format: "%02x", $0) }.joined()
        case .uptime: throw BenchError("the agent's uptime is read when asked for; the snmpd module serves fixed cells only")
        }
    }

    /// `cc -shared -fPIC $(net-snmp-config --cflags) -o LIBRARY SOURCE $(net-snmp-config --agent-libs)`.
    private static func compile(into library: String, directory: String) throws {
        guard FileManager.default.fileExists(atPath: source) else {
            throw BenchError("the snmpd baseline module's source is not at \(source) (run the bench from its checkout)")
        }
        let compiler = try command("cc", package: "gcc")
        let configuration = try command("net-snmp-config", package: "libsnmp-dev")
        let flags = try run([configuration, "--cflags"], directory: directory).split(whereSeparator: \.isWhitespace).map(String.init)
        let libraries = try run([configuration, "--agent-libs"], directory: directory).split(whereSeparator: \.isWhitespace).map(String.init)
        _ = try run([compiler, "-shared", "-fPIC"] + flags + ["-o", library, source] + libraries, directory: directory)
    }

    /// `arguments` run to completion: its standard output; throws with its standard error when
    /// it fails.
    private static func run(_ arguments: [String], directory: String) throws -> String {
        let output = (directory as NSString).appendingPathComponent("command.out")
        let errors = (directory as NSString).appendingPathComponent("command.err")
        let pid = try Spawn.start(arguments, environment: ProcessInfo.processInfo.environment, output: .file(output), error: .file(errors))
        let status = Spawn.wait(pid)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw BenchError(
                "building the snmpd baseline module: `\(arguments.joined(separator: " "))` failed (\(status.map { "exit status \($0)" } ?? "killed by a signal")):\n\(message)"
            )
        }
        return printed
    }

    private static func command(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
            let candidate = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchError("\(name) is not installed; the snmpd baseline module needs it (Debian package \(package), ops/install-deps)")
    }
}
