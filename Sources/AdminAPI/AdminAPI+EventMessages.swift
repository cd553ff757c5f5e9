import AdminModels
import ControlPlane
import Domain
import EventLog
import EventMessages
import Foundation
import HTTPTypes
import Hummingbird

/// Event messages (manual §6.3.1): the catalogue, event tables, signal destinations and their
/// delivery, active messages and the system status, the event-log views, simulation.
extension AdminAPI {
    // MARK: Catalogue

    static func eventTypeView(_ type: EventType) -> EventTypeView {
        let severity: String =
            switch type.severity {
            case .fixed(let severity): severity.rawValue
            case .seriousOrCritical: "serious_or_critical"
            }
        return EventTypeView(
            code: type.code, key: type.key, name: type.name, description: type.description, severity: severity,
            polarity: type.polarity.rawValue, partner: type.partner, identifyingParameters: type.identifyingParameters,
            raisedByServer: type.raisedByServer, unfilteredOnLocal: type.unfilteredOnLocal,
            parameters: type.parameters.map(parameterView))
    }

    static func parameterView(_ parameter: EventParameter) -> EventTypeView.Parameter {
        func table(_ codes: [Int: String], key: (Int) -> String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: codes.map { (key($0.key), $0.value) })
        }
        switch parameter.kind {
        case .number: return .init(key: parameter.key, name: parameter.name, kind: "number", codes: table(parameter.codes, key: String.init))
        case .text: return .init(key: parameter.key, name: parameter.name, kind: "text", codes: table(parameter.codes, key: String.init))
        case .codePair(let first, let second):
            return .init(
                key: parameter.key, name: parameter.name, kind: "code_pair", codes: table(first, key: EventParameter.twoDigits),
                secondCodes: table(second, key: EventParameter.twoDigits))
        }
    }

    /// The catalogue never changes while the server runs, so its JSON is written once.
    static let catalogueBytes: [UInt8] = EventTypeList(eventTypes: EventCatalogue.all.map(eventTypeView)).jsonBytes()

    @Sendable func listEventTypes(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, bytes: Self.catalogueBytes)
    }

    @Sendable func getEventType(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        guard let type = EventCatalogue.type(key: key) ?? Int(key).flatMap(EventCatalogue.type(code:)) else {
            throw DomainError.notFound("event_type", key)
        }
        return JSONResponse.make(.ok, Self.eventTypeView(type))
    }

    // MARK: Event tables

    @Sendable func getEventTable(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let table = try tableNumber(context)
        let state = projection.current.state
        let messages = state.eventMessages
        let rows = EventCatalogue.all.map { type in
            let filter = messages.filter(table: table, type: type)
            let (frequency, periodHours): (Int?, Int?) =
                if case .custom(let frequency, let periodHours) = filter { (frequency, periodHours) } else { (nil, nil) }
            return EventTableRowView(
                type: type.key, mode: filter.mode, frequency: frequency, periodHours: periodHours,
                isDefault: filter == EventTableDefaults.filter(table: table, type: type), unfilteredOnLocal: type.unfilteredOnLocal ? true : nil)
        }
        let linked = SignalDestination.allIDs.filter { messages.destinations[$0]?.table == table }
        let version = state.version(ofStream: "eventtable/\(table)")
        return entityResponse(.ok, EventTableView(table: table, destinations: linked, rows: rows, version: version), version: version)
    }

    /// Changes rows: `{"rows": {"<type>": {"mode": "custom", "frequency": 10, "periodHours": 1}}}`.
    @Sendable func patchEventTable(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let table = try tableNumber(context)
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(EventTableChange.self, from: options.body)
        var filters: [String: EventTableFilter] = [:]
        for (type, row) in body.rows {
            filters[type] = try EventTableFilter(mode: row.mode, frequency: row.frequency, periodHours: row.periodHours)
        }
        let outcome = try await execute(.setEventFilters(table: table, filters: filters), options)
        var response = try await getEventTable(request, context)
        response.headers[.callplanePosition] = String(outcome.position)
        return response
    }

    private func tableNumber(_ context: AdminRequestContext) throws -> Int {
        let text = try context.parameters.require("table")
        guard let table = Int(text), CapacityLimit.eventTables.range.contains(table) else {
            throw DomainError.outOfRange(.eventTables, field: "table", value: Int(text) ?? 0)
        }
        return table
    }

    // MARK: Destinations

    func destinationView(_ destination: SignalDestination, state: SystemState, status: DestinationDeliveryStatus?) -> DestinationView {
        DestinationView(
            id: destination.id, kind: destination.kind.rawValue, enabled: destination.enabled,
            kindEnabled: state.eventMessages.isKindOn(destination.kind), table: destination.table, configured: destination.isConfigured,
            messageGroup: destination.messageGroup, version: state.version(ofStream: "destination/\(destination.id)"),
            settings: settingsMembers(of: destination), delivery: status.map { deliveryView($0, kind: destination.kind) })
    }

    /// What delivers a destination's messages: its plug-in's adapter or the event log's view
    /// (built in); nil when this build has none (issue 13, point 5).
    func adapterName(of kind: SignalDestinationKind) -> String? {
        if kind == .eventLog { return "event_log" }
        guard destinationPlugins.adapterKinds.contains(kind) else { return nil }
        return destinationPlugins.plugin(for: kind)?.adapterName
    }

    func deliveryView(_ status: DestinationDeliveryStatus, kind: SignalDestinationKind) -> DeliveryStatusView {
        DeliveryStatusView(
            adapter: adapterName(of: kind) ?? "none", hasAdapter: status.hasAdapter, pending: status.pending, deliveredThrough: status.deliveredThrough,
            reachable: status.reachable,
            failingSince: Self.time(status.failingSince), lastError: status.lastError, lastSuccessAt: Self.time(status.lastSuccessAt),
            nextRoundAt: Self.time(status.nextRoundAt), retryIntervalSeconds: status.retryIntervalSeconds, attemptsPerRound: status.attemptsPerRound,
            batched: status.batched)
    }

    @Sendable func listDestinations(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let (state, position) = projection.current
        let statuses = Dictionary(uniqueKeysWithValues: deliveryStatus(state, position).map { ($0.destination, $0) })
        let destinations = SignalDestination.allIDs.compactMap { id in
            state.eventMessages.destinations[id].map { destinationView($0, state: state, status: statuses[id]) }
        }
        let kinds = SignalDestinationKind.allCases.map { DestinationKindView(kind: $0.rawValue, on: state.eventMessages.isKindOn($0)) }
        return JSONResponse.make(.ok, DestinationList(destinations: destinations, kinds: kinds))
    }

    @Sendable func getDestination(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        try destinationResponse(try context.parameters.require("destination"), headers: [:])
    }

    /// `{"enabled", "table"}` and at most one plug-in's settings (`"syslog": {…}|null`,
    /// `"webhook"`, `"snmp"`, `"address"` …); absent fields stay as they are.
    @Sendable func patchDestination(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("destination")
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(DestinationChange.self, from: options.body)
        let settings = try settingsChange(body.settings, for: id)
        if body.enabled == true, let destination = projection.current.state.eventMessages.destinations[id] {
            try refuseWithoutAdapter(destination, doing: "switched on")
        }
        let change = SignalDestinationChange(enabled: body.enabled, table: body.table, settings: settings)
        let outcome = try await execute(.configureDestination(id: id, change), options)
        return try destinationResponse(id, headers: writeHeaders(outcome))
    }

    /// Sends a test event message to this destination only (manual §6.3.1: "each can be sent a
    /// test event message"), bypassing its event table.
    @Sendable func testDestination(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let id = try context.parameters.require("destination")
        let options = try await WriteOptions(request, context)
        if let destination = projection.current.state.eventMessages.destinations[id] {
            try refuseWithoutAdapter(destination, doing: "sent a test message")
        }
        let outcome = try await execute(
            .raiseEventMessage(EventMessageRequest(type: EventCatalogue.Key.testEventMessage, at: clock.now(), target: id)), options)
        let message = try occurrence(at: outcome)
        var view = Self.messageView(message, position: outcome.position)
        let delivery = await deliverTest(EventMessageDelivery(position: outcome.position, message: message), outcome.isRetry)
        view.delivery =
            switch delivery {
            case .delivered(let at): TestDeliveryView(outcome: "delivered", at: Self.time(at))
            case .failed(let failure, let at): TestDeliveryView(outcome: "failed", at: Self.time(at), error: failure.reason, cause: failure.cause.rawValue)
            case .unknown: TestDeliveryView(outcome: "unknown", at: nil)
            }
        return JSONResponse.make(.created, view, headers: writeHeaders(outcome))
    }

    /// `{"on": true|false}` for a kind's global switch.
    @Sendable func putDestinationKind(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let text = try context.parameters.require("kind")
        guard let kind = SignalDestinationKind(rawValue: text) else { throw DomainError.notFound("destination_kind", text) }
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(DestinationKindSwitch.self, from: options.body)
        let outcome = try await execute(.switchDestinationKind(kind, on: body.on), options)
        return JSONResponse.make(
            .ok, DestinationKindView(kind: kind.rawValue, on: projection.current.state.eventMessages.isKindOn(kind)), headers: writeHeaders(outcome))
    }

    /// A destination whose kind has no adapter in this build delivers nothing: switching it on
    /// or testing it would only look as if it did (issue 13, point 5).
    private func refuseWithoutAdapter(_ destination: SignalDestination, doing action: String) throws {
        guard adapterName(of: destination.kind) == nil else { return }
        throw APIError(
            status: .conflict, code: "no_adapter",
            message: "\(destination.id) cannot be \(action): " + DeliveryEngine.noAdapter(destination.kind),
            details: ["destination": destination.id, "kind": destination.kind.rawValue, "rule": "no adapter in this build"])
    }

    private func destinationResponse(_ id: String, headers: HTTPFields) throws -> Response {
        let (state, position) = projection.current
        guard let destination = state.eventMessages.destinations[id] else { throw DomainError.notFound("destination", id) }
        let status = deliveryStatus(state, position).first { $0.destination == id }
        let version = state.version(ofStream: "destination/\(id)")
        return entityResponse(.ok, destinationView(destination, state: state, status: status), version: version, headers: headers)
    }

    // MARK: Occurrences, active messages, status, views

    static func time(_ microseconds: Int64?) -> String? {
        microseconds.map { RFC3339Timestamp.string(microsecondsSinceEpoch: $0) }
    }

    static func messageView(_ message: EventMessage, position: Int64? = nil) -> EventMessageView {
        EventMessageView(
            number: message.number, type: message.type, code: message.code, name: EventCatalogue.type(key: message.type)?.name ?? message.type,
            severity: message.severity.rawValue, polarity: message.polarity.rawValue, parameters: message.parameters, node: message.node,
            at: RFC3339Timestamp.string(microsecondsSinceEpoch: message.at), simulated: message.simulated, tables: message.tables,
            destinations: message.destinations, target: message.target, activeNumber: message.activeNumber, position: position)
    }

    static func activeView(_ active: ActiveEventMessage) -> ActiveEventMessageView {
        ActiveEventMessageView(
            number: active.number, type: active.type, code: active.code, name: EventCatalogue.type(key: active.type)?.name ?? active.type,
            severity: active.severity.rawValue, parameters: active.parameters, firstAt: RFC3339Timestamp.string(microsecondsSinceEpoch: active.firstAt),
            lastAt: RFC3339Timestamp.string(microsecondsSinceEpoch: active.lastAt), lastNumber: active.lastNumber, count: active.count,
            simulated: active.simulated, node: active.node)
    }

    static func activeList(_ state: EventMessageState) -> ActiveEventMessageList {
        ActiveEventMessageList(status: state.status.rawValue, colour: state.status.colour, active: state.activeMessages.map(activeView))
    }

    /// Raises (simulates) an event message: `{"type", "parameters", "severity"}`. Marked as
    /// simulated in the log, so an auditor can tell a test from a fault.
    @Sendable func raiseEventMessage(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let options = try await WriteOptions(request, context)
        let body = try RequestBody.decode(EventMessageSimulation.self, from: options.body)
        var severity: EventSeverity?
        if let text = body.severity {
            guard let value = EventSeverity(rawValue: text) else { throw APIError.invalid("severity", "must be one of normal, serious, critical") }
            severity = value
        }
        let eventRequest = EventMessageRequest(
            type: body.type, parameters: body.parameters, severity: severity, node: body.node ?? 1, at: clock.now(), simulated: true)
        let outcome = try await execute(.raiseEventMessage(eventRequest), options)
        return try occurrenceResponse(outcome)
    }

    private func occurrenceResponse(_ outcome: CommandOutcome) throws -> Response {
        JSONResponse.make(.created, Self.messageView(try occurrence(at: outcome), position: outcome.position), headers: writeHeaders(outcome))
    }

    private func occurrence(at outcome: CommandOutcome) throws -> EventMessage {
        guard let envelope = try log.event(at: outcome.position),
            case .eventMessageOccurred(let message)? = try DomainEvent.decode(type: envelope.type, schema: envelope.schema, payload: envelope.payload)
        else {
            throw APIError(status: .internalServerError, code: "internal_error", message: "the event message was not found in the log")
        }
        return message
    }

    @Sendable func listActiveEventMessages(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        JSONResponse.make(.ok, Self.activeList(projection.current.state.eventMessages))
    }

    @Sendable func confirmEventMessage(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let text = try context.parameters.require("messageNumber")
        guard let number = Int64(text) else { throw DomainError.notFound("active_event_message", text) }
        let options = try await WriteOptions(request, context)
        let outcome = try await execute(.confirmEventMessage(number: number, at: clock.now()), options)
        let state = projection.current.state.eventMessages
        return JSONResponse.make(
            .ok, ConfirmationView(confirmed: number, status: state.status.rawValue, colour: state.status.colour, active: state.active.count),
            headers: writeHeaders(outcome))
    }

    @Sendable func systemStatus(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state.eventMessages
        var counts: [String: Int] = ["normal": 0, "serious": 0, "critical": 0]
        for active in state.active.values { counts[active.severity.rawValue, default: 0] += 1 }
        return JSONResponse.make(.ok, SystemStatusView(status: state.status.rawValue, colour: state.status.colour, activeBySeverity: counts))
    }

    @Sendable func eventLogView(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state.eventMessages
        return JSONResponse.make(
            .ok, EventMessageLogView(capacity: CapacityLimit.eventLogEntries.max, messages: state.eventLog.reversed().map { Self.messageView($0) }))
    }

    @Sendable func powerFailureView(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let state = projection.current.state.eventMessages
        return JSONResponse.make(
            .ok, EventMessageLogView(capacity: CapacityLimit.powerFailureEntries.max, messages: state.powerFailures.reversed().map { Self.messageView($0) }))
    }

    /// The live view of manual §6.3.1.3 as server-sent events: first `event: status` (status,
    /// colour, active messages), then for each occurrence `event: message` and for each
    /// occurrence or confirmation a fresh `event: status`. `id:` is the log position, so
    /// `Last-Event-ID` resumes without a gap.
    @Sendable func eventMessageFeed(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let resume = try Self.position(request.headers[.lastEventID], name: "Last-Event-ID")
        let after = resume ?? log.head
        let projection = self.projection
        let status = { @Sendable in Self.activeList(projection.current.state.eventMessages) }
        guard
            let connection = feed.open(
                log: log, after: after, filter: EventFilter(typePrefix: "eventmessage."), first: EventFeed.named("status", status()),
                render: { envelope in
                    await projection.waitUntil(position: envelope.position)
                    var buffer = ByteBuffer()
                    if case .eventMessageOccurred(let message)? = try? DomainEvent.decode(
                        type: envelope.type, schema: envelope.schema, payload: envelope.payload)
                    {
                        buffer.writeImmutableBuffer(EventFeed.named("message", Self.messageView(message, position: envelope.position)))
                    }
                    buffer.writeImmutableBuffer(EventFeed.named("status", status(), id: envelope.position))
                    return buffer
                }
            )
        else {
            throw APIError(status: .serviceUnavailable, code: "shutting_down", message: "the server is shutting down")
        }
        return feedResponse(connection)
    }

    // MARK: Virtual time

    /// Moves a virtual clock forward: `{"seconds": 300}`. Only a server started with
    /// `--virtual-clock` (for integration tests of hour-long schedules) has one; otherwise 404.
    @Sendable func advanceClock(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        guard let virtualClock else {
            throw APIError(status: .notFound, code: "virtual_clock_off", message: "the server runs on real time; start it with --virtual-clock to move time")
        }
        let seconds = try await RequestBody.decode(ClockAdvance.self, from: request).seconds
        guard (0...(30 * 24 * 3_600)).contains(seconds) else { throw APIError.invalid("seconds", "0 to 2592000 (30 days)") }
        virtualClock.advance(byMicroseconds: Int64(seconds) * 1_000_000)
        return JSONResponse.make(.ok, ClockView(now: RFC3339Timestamp.string(microsecondsSinceEpoch: virtualClock.now())))
    }
}
