/// An authorization profile as the API shows it (manual §5.3.1.2; `GET /api/v1/profiles/{id}`,
/// one row of the list).
public struct ProfileView: Codable, Sendable, Hashable, JSONWritable {
    public var id: String
    public var name: String
    public var predefined: Bool
    public var level: String
    /// Administration area → `read` or `write`; an area that is absent is not granted.
    public var areas: [String: String]
    /// Interface rights, sorted.
    public var interfaces: [String]
    public var fileAccess: String
    /// The profile's stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(
        id: String, name: String, predefined: Bool, level: String, areas: [String: String], interfaces: [String], fileAccess: String, version: Int64
    ) {
        self.id = id
        self.name = name
        self.predefined = predefined
        self.level = level
        self.areas = areas
        self.interfaces = interfaces
        self.fileAccess = fileAccess
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("areas")
        writer.stringMap(areas)
        writer.key("fileAccess")
        writer.string(fileAccess)
        writer.key("id")
        writer.string(id)
        writer.key("interfaces")
        writer.strings(interfaces)
        writer.key("level")
        writer.string(level)
        writer.key("name")
        writer.string(name)
        writer.key("predefined")
        writer.bool(predefined)
        writer.key("version")
        writer.integer(version)
        writer.endObject()
    }
}
