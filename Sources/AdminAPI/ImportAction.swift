/// What one row of an import does to its entity.
enum ImportAction: String {
    case create
    case update
    /// The row states the values the entity has already: no event.
    case unchanged
}
