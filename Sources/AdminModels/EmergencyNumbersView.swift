/// `GET /api/v1/emergency-numbers`: the public emergency numbers in force, whether they follow
/// the system's country, and the user emergency calls reach while there is no trunk.
public struct EmergencyNumbersView: Codable, Sendable, Hashable, JSONWritable {
    /// The numbers in force, in the administrator's order or the country table's.
    public var numbers: [String]
    /// True while no administrator set a list: the numbers are the country's defaults.
    public var followsCountry: Bool
    /// The system's country (`SystemIdentity.country`), empty when not set.
    public var country: String
    /// What `numbers: null` would give: the country's defaults (112 when no country is set).
    public var countryDefaults: [String]
    /// The user's call number, or `nil`: emergency calls are then answered 480 after the event
    /// message is raised.
    public var internalDestination: String?
    /// The stream version of the emergency settings: the `ETag`, and what `If-Match` must name.
    public var version: Int64

    public init(
        numbers: [String], followsCountry: Bool, country: String, countryDefaults: [String], internalDestination: String?, version: Int64
    ) {
        self.numbers = numbers
        self.followsCountry = followsCountry
        self.country = country
        self.countryDefaults = countryDefaults
        self.internalDestination = internalDestination
        self.version = version
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("country", country)
        writer.member("countryDefaults", countryDefaults)
        writer.member("followsCountry", followsCountry)
        writer.member("internalDestination", internalDestination)
        writer.member("numbers", numbers)
        writer.member("version", version)
        writer.endObject()
    }
}
