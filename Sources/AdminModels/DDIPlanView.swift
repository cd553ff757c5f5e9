import Domain

/// `GET /api/v1/trunks/ddi-plan`: where incoming calls over the trunks go.
public struct DDIPlanView: Codable, Sendable, Hashable, JSONWritable {
    public var assignments: [DDIAssignmentView]
    /// The user a DDI of an account without a row rings; `nil`: such a call gets 404.
    public var defaultDestination: String?
    /// The stream version: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(_ plan: DDIPlan, version: Int64) {
        assignments = plan.assignments.map { DDIAssignmentView(ddi: $0.ddi, user: $0.user) }
        defaultDestination = plan.defaultDestination
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("assignments", assignments)
        writer.member("defaultDestination", defaultDestination)
        writer.member("version", version)
        writer.endObject()
    }
}
