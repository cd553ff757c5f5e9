extension EventTableFilter {
    /// `none`, `every` or `custom:<frequency>:<period hours>`: one string per row keeps a table
    /// change one flat object of rows.
    var payloadText: String {
        switch self {
        case .none: "none"
        case .every: "every"
        case .custom(let frequency, let periodHours): "custom:\(frequency):\(periodHours)"
        }
    }

    init?(payloadText: String) {
        switch payloadText {
        case "none": self = .none
        case "every": self = .every
        default:
            let parts = payloadText.split(separator: ":")
            guard parts.count == 3, parts[0] == "custom", let frequency = Int(parts[1]), let period = Int(parts[2]) else { return nil }
            self = .custom(frequency: frequency, periodHours: period)
        }
    }
}
