extension EmergencySettings {
    /// The public emergency numbers a system gets for its country (``SystemIdentity/country``)
    /// until an administrator sets the list. 112 is the single European emergency number
    /// (Council Decision 91/396/EEC, now Directive (EU) 2018/1972 Art. 109) and the number
    /// GSM phones dial everywhere (3GPP TS 22.101, emergency calls), so it is the default of
    /// every country the table does not name and of a system whose country is not set; the
    /// table adds each country's own numbers (police, ambulance, fire) as docs/decisions.md,
    /// "Emergency numbers", lists them.
    static let defaultsByCountry: [String: [String]] = [
        "AT": ["112", "122", "133", "144"],
        "CA": ["911"],
        "CH": ["112", "117", "118", "144"],
        "DE": ["112", "110"],
        "FR": ["112", "15", "17", "18"],
        "GB": ["999", "112"],
        "IT": ["112", "113", "115", "118"],
        "US": ["911"],
    ]

    /// The defaults for `country` (an ISO 3166-1 alpha-2 code in upper case, or empty).
    public static func countryDefaults(_ country: String) -> [String] {
        defaultsByCountry[country] ?? ["112"]
    }
}
