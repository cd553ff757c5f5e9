import AdminModels
import ControlPlane
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension HTTPField.Name {
    static let contentDisposition = HTTPField.Name("Content-Disposition")!
}

/// Export and import of users and terminals as CSV sheets (manual §5.6.5, issue 18 point 7):
/// the manual's administrators keep this data in spreadsheets.
extension AdminAPI {
    @Sendable func exportUsers(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        exportResponse(UserSheet.self, fileName: "users.csv")
    }

    @Sendable func exportTerminals(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        exportResponse(TerminalSheet.self, fileName: "terminals.csv")
    }

    @Sendable func importUsers(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await importSheet(UserSheet.self, request, context)
    }

    @Sendable func importTerminals(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try await importSheet(TerminalSheet.self, request, context)
    }

    /// The sheet of the published state as `text/csv`, named for a browser's download.
    private func exportResponse<Sheet: ConfigurationSheet>(_ sheet: Sheet.Type, fileName: String) -> Response {
        let table = CSVTable(columns: Sheet.columns, cells: Sheet.cells(of: projection.current.state))
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: table.text)))
    }

    /// Reads the sheet, decides every row in order against a copy of the decision state (a
    /// row sees the rows above it), and refuses the whole file at the first row a rule refuses:
    /// nothing is written unless every row passes. A dry run stops there and answers what each
    /// row would do; otherwise each changing row's command goes through the pipeline on its own,
    /// with the caller as actor and the request's source, as if sent through the entity's route.
    ///
    /// The rows are checked against the state just before they are written, not under one lock
    /// with the writes: a row another administrator's change makes invalid in between is
    /// refused when it is written, and the rows above it stay imported.
    ///
    /// With an `Idempotency-Key`, each row's command carries a key derived from it and the row
    /// number: a retried import writes no row twice, and answers a row the first attempt wrote
    /// with its action and key but without its changes (those were the first answer's).
    private func importSheet<Sheet: ConfigurationSheet>(_ sheet: Sheet.Type, _ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let dryRun = try Self.dryRun(request)
        let options = try await WriteOptions(request, context)
        let table: CSVTable
        do {
            table = try CSVTable(reading: Array(options.body.readableBytesView), maximumRows: Sheet.maximumRows)
            try table.requireColumns(allowed: Sheet.columns + Sheet.importOnlyColumns, required: Sheet.requiredColumns)
        } catch {
            throw Self.importRefused(row: error.row, column: error.column, rule: error.rule, reason: "malformed_csv")
        }

        let checkedAt = log.head
        var rehearsal = try pipeline.rehearsal()
        var steps: [(command: Command?, rowKey: IdempotencyKey?, report: ImportRowView)] = []
        for row in table.rows {
            let rowKey = options.idempotencyKey.map { Self.rowKey($0, row: row.number) }
            if !dryRun, let rowKey, let recorded = try recordedRow(rowKey, row: row.number) {
                steps.append((nil, rowKey, recorded))
                continue
            }
            do {
                let command = try Sheet.command(for: row, of: table, in: rehearsal.state)
                let report = try rehearsal.decide(command) { before, events in Sheet.report(command, events: events, before: before) }
                steps.append((command, rowKey, ImportRowView(row: row.number, action: report.action.rawValue, key: report.key, changes: report.changes)))
            } catch {
                throw Self.importRefused(error, row: row.number, keyColumn: Sheet.keyColumn)
            }
        }
        if dryRun {
            return JSONResponse.make(.ok, ImportReportView(dryRun: true, position: checkedAt, rows: steps.map(\.report)))
        }

        var position = checkedAt
        var rows: [ImportRowView] = []
        var replayed = false
        for step in steps {
            guard let command = step.command, step.report.action != ImportAction.unchanged.rawValue else {
                replayed = replayed || step.command == nil
                rows.append(step.report)
                continue
            }
            let outcome: CommandOutcome
            do {
                outcome = try await pipeline.execute(command, origin: options.origin, idempotencyKey: step.rowKey)
            } catch let error as DomainError {
                throw Self.importRefused(error, row: step.report.row, keyColumn: Sheet.keyColumn, written: !rows.isEmpty)
            }
            position = max(position, outcome.position)
            var report = step.report
            // A terminal's id is the log's: the one the dry run foresaw unless another was
            // created in between.
            if report.action == ImportAction.create.rawValue, case .createTerminal = command,
                let key = try streamKey(of: outcome, prefix: "terminal/")
            {
                report.key = key
            }
            rows.append(report)
        }
        await projection.waitUntil(position: position)
        var headers = HTTPFields()
        headers[.callplanePosition] = String(position)
        if replayed { headers[.idempotentReplay] = "true" }
        return JSONResponse.make(.ok, ImportReportView(dryRun: false, position: position, rows: rows), headers: headers)
    }

    /// `?dryRun=true` checks and lists; `false` or no parameter imports.
    private static func dryRun(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters.get("dryRun") {
        case nil, "false": false
        case "true": true
        default: throw APIError.invalidParameter("dryRun", "must be true or false")
        }
    }

    /// The key of one row's command: the request's key and the row number, naming the same
    /// request, so the pipeline's idempotency holds per row.
    private static func rowKey(_ key: IdempotencyKey, row: Int) -> IdempotencyKey {
        var derived = IdempotencyKey(eventID: key.eventID(at: 1_000_000 + row))
        if let request = key.request { derived = derived.naming(request: request) }
        return derived
    }

    /// A row an earlier attempt with the same key wrote: its action and key from the event.
    private func recordedRow(_ key: IdempotencyKey, row: Int) throws -> ImportRowView? {
        guard let position = try log.position(ofEventID: key.eventID), let event = try log.event(at: position) else { return nil }
        let action: ImportAction = event.type.hasSuffix(".created") ? .create : .update
        let entity = event.stream.split(separator: "/", maxSplits: 1).last.map(String.init) ?? event.stream
        return ImportRowView(row: row, action: action.rawValue, key: entity, changes: [])
    }

    /// 422 `import_refused`, naming the row (the header is row 1), the column and the rule.
    /// `written` says whether rows above it were imported already (a change made between the
    /// check and the writes).
    static func importRefused(row: Int, column: String?, rule: String, reason: String, written: Bool = false) -> APIError {
        var details = ["row": String(row), "rule": rule, "reason": reason]
        if let column { details["column"] = column }
        let outcome = written ? "the rows above it were imported" : "nothing was imported"
        return APIError(
            status: .unprocessableContent, code: "import_refused",
            message: "row \(row)\(column.map { ", column \($0)" } ?? ""): \(rule); \(outcome)", details: details)
    }

    /// A row's refusal by `decide`: its field is the column; a rule about the whole entity
    /// (a capacity, a conflict without a field) is reported against the row's key column.
    private static func importRefused(_ error: DomainError, row: Int, keyColumn: String, written: Bool = false) -> APIError {
        importRefused(
            row: row, column: error.details["field"] ?? keyColumn, rule: error.details["rule"] ?? error.message, reason: error.code, written: written)
    }
}
