import Domain
import Testing

/// A command `decide` must refuse as a field error, with the field and rule text it must name.
/// An empty `rule` means the test checks the text itself.
struct RefusalCase: Sendable, CustomTestStringConvertible {
    var command: Command
    var field: String
    var rule: String
    var label: String
    var testDescription: String { label }
}
