import Domain

/// `GET /api/v1/srm`: the connection to the SRM server (manual §5.2) and what it is doing. The
/// secret is never shown, only whether one is stored.
public struct SRMSettingsView: Codable, Sendable, Hashable, JSONWritable {
    /// `false` also while nothing is set.
    public var enabled: Bool
    public var host: String?
    public var port: Int
    public var secretSet: Bool
    public var trustedCertificate: String?
    public var connection: SRMConnectionView
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ settings: SRMSettings?, connection: SRMConnectionView, version: Int64) {
        enabled = settings?.enabled ?? false
        host = settings?.host
        port = settings?.port ?? SRMSettings.defaultPort
        secretSet = settings != nil
        trustedCertificate = settings?.trustedCertificate
        self.connection = connection
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("connection")
        connection.write(to: &writer)
        writer.member("enabled", enabled)
        writer.member("host", host)
        writer.member("port", port)
        writer.member("secretSet", secretSet)
        writer.member("trustedCertificate", trustedCertificate)
        writer.member("version", version)
        writer.endObject()
    }
}
