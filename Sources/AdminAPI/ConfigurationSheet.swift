import AdminModels
import Domain

/// One configuration area as a sheet of an export file (manual §5.6.5: "Each sheet covers a
/// specific configuration area"): which columns it has, how the state is written into it, and
/// which command each row of an edited sheet asks for.
///
/// An import creates the rows' entities that do not exist and updates those that do; it never
/// deletes one the file leaves out — the manual's "Replace existing configuration" option,
/// which deletes all users first, is not offered.
protocol ConfigurationSheet {
    /// The columns an export writes, in this order; an import reads each of them.
    static var columns: [String] { get }
    /// Columns an import also reads but an export never writes (a terminal's password).
    static var importOnlyColumns: [String] { get }
    /// Columns the header must name; any other may be left out, and then keeps its values.
    static var requiredColumns: [String] { get }
    /// The column naming a row's entity, which a refusal without a field of its own names.
    static var keyColumn: String { get }
    /// Data rows an import reads at most: the area's capacity.
    static var maximumRows: Int { get }

    /// One row per entity, in the order the API lists them.
    static func cells(of state: SystemState) -> [[String]]

    /// What `row` asks for, decided against `state`, which holds every row above it already.
    /// - Throws: a ``DomainError`` whose `field` is the column at fault.
    static func command(for row: CSVTable.Row, of table: CSVTable, in state: SystemState) throws(DomainError) -> Command

    /// What the row's command does: its action, its entity's key and the columns it changes,
    /// from the events it decided and the state before them.
    static func report(_ command: Command, events: [DomainEvent], before: SystemState) -> (action: ImportAction, key: String, changes: [String])
}
