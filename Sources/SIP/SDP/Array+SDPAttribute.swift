extension [SDPAttribute] {
    /// The first direction attribute. RFC 3264 §5.1 allows one; with several, the first wins so
    /// that a re-read never depends on the rest.
    var direction: SDPDirection? {
        lazy.compactMap { $0.value == nil ? SDPDirection(rawValue: $0.name) : nil }.first
    }

    /// The list with its direction attributes replaced by one `direction`, where the first stood
    /// (or at the end), so the rest keeps its order.
    func replacingDirection(with direction: SDPDirection) -> [SDPAttribute] {
        var result: [SDPAttribute] = []
        var placed = false
        for attribute in self {
            if attribute.value == nil, SDPDirection(rawValue: attribute.name) != nil {
                if !placed { result.append(SDPAttribute(direction.rawValue)) }
                placed = true
            } else {
                result.append(attribute)
            }
        }
        if !placed { result.append(SDPAttribute(direction.rawValue)) }
        return result
    }

    func removingDirection() -> [SDPAttribute] {
        filter { !($0.value == nil && SDPDirection(rawValue: $0.name) != nil) }
    }

    func values(_ name: String) -> [String] { compactMap { $0.name == name ? $0.value : nil } }
}
