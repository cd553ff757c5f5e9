/// `GET /api/v1/terminals`: every terminal, by id.
public struct TerminalList: Codable, Sendable, Hashable, JSONWritable {
    public var terminals: [TerminalView]

    public init(terminals: [TerminalView]) {
        self.terminals = terminals
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("terminals")
        writer.array(terminals)
        writer.endObject()
    }
}
