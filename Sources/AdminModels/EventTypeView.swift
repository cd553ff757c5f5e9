/// One event type of the catalogue (manual Tab. 24) as the API shows it
/// (`GET /api/v1/event-types/{key}`, one row of the list).
public struct EventTypeView: Codable, Sendable, Hashable, JSONWritable {
    /// One parameter an occurrence carries, with the meanings of its numeric codes.
    public struct Parameter: Codable, Sendable, Hashable {
        public var key: String
        public var name: String
        /// `number`, `text`, or `code_pair`: four digits XXYY whose halves are codes of their
        /// own (Tab. 25), XX from ``codes`` and YY from ``secondCodes``.
        public var kind: String
        /// Code (as text) → meaning, e.g. the manual's causes; for a `code_pair` its first half,
        /// keyed by two digits (`04`).
        public var codes: [String: String]
        /// A `code_pair`'s second half (YY), keyed by two digits.
        public var secondCodes: [String: String]?

        public init(key: String, name: String, kind: String, codes: [String: String], secondCodes: [String: String]? = nil) {
            self.key = key
            self.name = name
            self.kind = kind
            self.codes = codes
            self.secondCodes = secondCodes
        }
    }

    public var code: Int
    public var key: String
    public var name: String
    public var description: String
    /// `normal`, `serious`, `critical`, or `serious_or_critical` when chosen per occurrence.
    public var severity: String
    public var polarity: String
    public var partner: String?
    public var identifyingParameters: [String]
    public var raisedByServer: Bool
    /// Reaches every enabled local destination whatever the event tables say (Tab. 24).
    public var unfilteredOnLocal: Bool
    public var parameters: [Parameter]

    public init(
        code: Int, key: String, name: String, description: String, severity: String, polarity: String, partner: String?,
        identifyingParameters: [String], raisedByServer: Bool, unfilteredOnLocal: Bool = false, parameters: [Parameter]
    ) {
        self.code = code
        self.key = key
        self.name = name
        self.description = description
        self.severity = severity
        self.polarity = polarity
        self.partner = partner
        self.identifyingParameters = identifyingParameters
        self.raisedByServer = raisedByServer
        self.unfilteredOnLocal = unfilteredOnLocal
        self.parameters = parameters
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("code")
        writer.integer(code)
        writer.key("description")
        writer.string(description)
        writer.key("identifyingParameters")
        writer.strings(identifyingParameters)
        writer.key("key")
        writer.string(key)
        writer.key("name")
        writer.string(name)
        writer.key("parameters")
        writer.beginArray()
        for parameter in parameters {
            writer.beginObject()
            writer.key("codes")
            writer.stringMap(parameter.codes)
            writer.key("key")
            writer.string(parameter.key)
            writer.key("kind")
            writer.string(parameter.kind)
            writer.key("name")
            writer.string(parameter.name)
            if let second = parameter.secondCodes {
                writer.key("secondCodes")
                writer.stringMap(second)
            }
            writer.endObject()
        }
        writer.endArray()
        writer.key("partner")
        writer.string(partner)
        writer.key("polarity")
        writer.string(polarity)
        writer.key("raisedByServer")
        writer.bool(raisedByServer)
        writer.key("severity")
        writer.string(severity)
        writer.member("unfilteredOnLocal", unfilteredOnLocal)
        writer.endObject()
    }
}
