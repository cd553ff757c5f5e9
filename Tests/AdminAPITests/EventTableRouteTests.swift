import AdminModels
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The event-table route says so when someone filters a type that reaches local destinations
/// unfiltered (Tab. 24, issue 13 point 2): the row shows it, and the catalogue marks the type.
@Suite struct EventTableRouteTests {
    @Test func filteringRemoteMaintenanceEnabledIsAnsweredWithTheRule() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            let change = EventTableChange(rows: ["remote_maintenance_enabled": EventTableRowChange(mode: "none")])
            let body = ByteBuffer(bytes: try JSONEncoder().encode(change))
            try await client.execute(uri: "/api/v1/event-tables/3", method: .patch, headers: auth, body: body) { response in
                #expect(response.status == .ok)
                let table = try JSONDecoder().decode(EventTableView.self, from: Data(response.body.readableBytesView))
                let row = try #require(table.rows.first { $0.type == "remote_maintenance_enabled" })
                #expect(row.mode == "none" && row.unfilteredOnLocal == true)
                #expect(table.rows.filter { $0.unfilteredOnLocal != nil }.map(\.type) == ["remote_maintenance_enabled"])
            }
            try await client.execute(uri: "/api/v1/event-types/remote_maintenance_enabled", method: .get, headers: auth) { response in
                let type = try JSONDecoder().decode(EventTypeView.self, from: Data(response.body.readableBytesView))
                #expect(type.unfilteredOnLocal)
            }
        }
        await fixture.tearDown()
    }

    /// Tab. 25's code tables are served with the type (issue 13, point 4).
    @Test func theCatalogueServesTheMailFailureCodeTables() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/event-types/send_email_failed", method: .get, headers: auth) { response in
                let type = try JSONDecoder().decode(EventTypeView.self, from: Data(response.body.readableBytesView))
                let code = try #require(type.parameters.first { $0.key == "causeAction" })
                #expect(code.kind == "code_pair")
                #expect(code.codes["04"] == "Authentication failed" && code.codes.count == 16)
                #expect(code.secondCodes?["03"] == "Registration on SMTP server" && code.secondCodes?.count == 16)
            }
        }
        await fixture.tearDown()
    }
}
