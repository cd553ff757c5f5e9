import AdminModels
import ControlPlane
import Domain
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix

extension AdminAPI {
    /// "Who changed what, when, from where": the log filtered by actor, area, type and time,
    /// in position order. `area` selects the event types of one administration area.
    @Sendable func auditQuery(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var after = try Self.position(query.get("after"), name: "after") ?? 0
        let limit = try Self.pageLimit(query)
        var prefixes: [String]? = nil
        if let text = query.get("area") {
            guard let area = AdministrationArea(rawValue: String(text)) else {
                throw APIError.invalidParameter("area", "one of " + AdministrationArea.allCases.map(\.rawValue).joined(separator: ", "))
            }
            prefixes = area.eventTypePrefixes
        }
        let filter = try Self.filter(query)
        let head = log.head
        var matches: [EventEnvelope] = []
        // An area spans several type prefixes: read pages with the other filters and keep the
        // area's events until the page is full or the log is exhausted.
        while matches.count < limit {
            let page = try log.read(after: after, limit: Self.maximumPage, filter: filter)
            for event in page where prefixes.map({ $0.contains(where: event.type.hasPrefix) }) ?? true {
                matches.append(event)
                if matches.count == limit { break }
            }
            guard page.count == Self.maximumPage, let last = page.last else { break }
            after = last.position
        }
        return JSONResponse.make(.ok, bytes: EventJSON.page(matches, head: head, next: matches.count == limit ? matches.last!.position : nil))
    }

    /// Walks the hash chain of the whole log (`callplane audit verify` without `--data-dir`) and,
    /// where the server holds the witnesses, checks them and every stored snapshot (issue 13,
    /// points 18 and 19).
    @Sendable func auditVerify(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let integrity else {
            // Hashes the whole chain: blocking work, kept off the cooperative pool.
            switch try await NIOThreadPool.singleton.runIfActive({ [log] in try log.verify() }) {
            case let .intact(events, head):
                return JSONResponse.make(.ok, ChainVerificationView.intact(verified: events, head: head))
            case let .broken(position, reason):
                return JSONResponse.make(.ok, ChainVerificationView.broken(at: position, reason: reason))
            }
        }
        let report = try await NIOThreadPool.singleton.runIfActive { try integrity.fullReport() }
        return JSONResponse.make(.ok, Self.verificationView(report))
    }

    static func verificationView(_ report: IntegrityReport) -> ChainVerificationView {
        var view: ChainVerificationView
        switch report.chain {
        case let .intact(events, _): view = .intact(verified: events, head: report.head)
        case let .broken(position, reason):
            view = .broken(at: position, reason: reason)
            view.head = report.head
        }
        view.clean = report.isClean
        view.truncated = report.truncation != nil
        view.witness = report.truncation?.witness
        view.witnessProblems = report.witnessProblems
        view.snapshots = report.snapshots.map {
            SnapshotCheckView(kind: $0.kind, position: $0.position, schema: $0.schema, verdict: $0.verdict.rawValue, reason: $0.reason)
        }
        return view
    }

    /// Whether the server trusts its log (issue 13, point 19).
    @Sendable func integrityStatus(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let suspicion = integrity?.suspicion else { return JSONResponse.make(.ok, IntegrityStatusView(trusted: true)) }
        return JSONResponse.make(
            .ok,
            IntegrityStatusView(
                trusted: false, finding: suspicion.finding, head: suspicion.head,
                detectedAt: RFC3339Timestamp.string(microsecondsSinceEpoch: suspicion.detectedAt)))
    }

    /// An administrator accepts the log as it now stands: recorded in the log with their account
    /// and address (`log_integrity_acknowledged`), and writes are accepted again (issue 13,
    /// point 19).
    @Sendable func acknowledgeIntegrity(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        guard let integrity else { throw APIError.nothingToAcknowledge }
        do {
            let (suspicion, position) = try await integrity.acknowledge(origin: options.origin, pipeline: pipeline)
            await projection.waitUntil(position: position)
            var headers = HTTPFields()
            headers[.callplanePosition] = String(position)
            return JSONResponse.make(.ok, IntegrityAcknowledgementView(acknowledged: suspicion.finding, position: position), headers: headers)
        } catch IntegrityRefusal.nothingToAcknowledge {
            throw APIError.nothingToAcknowledge
        }
    }

    /// The routes a doubt about the log's integrity stops: every write but the logout and the
    /// acknowledgement, which is the way out (issue 13, point 19).
    static func isGatedWhileInDoubt(_ route: AdminRoute) -> Bool {
        guard route.method != .get, route.method != .head else { return false }
        return route.path != "/api/v1/session" && route.path != "/api/v1/audit/integrity/acknowledge"
    }
}
