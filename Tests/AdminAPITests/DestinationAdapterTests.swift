import AdminModels
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 13, point 5: a destination whose kind has no adapter in this build must not look
/// healthy. It shows `adapter: none`, cannot be switched on, and its test answers 409 with the
/// reason — appending nothing. (The fixture registers no plug-in, so every kind but the event
/// log is without an adapter here.)
@Suite struct DestinationAdapterTests {
    @Test func aDestinationWithoutAnAdapterSaysSoAndIsNotSwitchedOnOrTested() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let head = fixture.log.head
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/destinations/email_1", method: .get, headers: auth) { response in
                let destination = try JSONDecoder().decode(DestinationView.self, from: Data(response.body.readableBytesView))
                #expect(destination.delivery?.adapter == "none" && destination.delivery?.reachable == false)
            }
            try await client.execute(uri: "/api/v1/destinations/event_log", method: .get, headers: auth) { response in
                let destination = try JSONDecoder().decode(DestinationView.self, from: Data(response.body.readableBytesView))
                #expect(destination.delivery?.adapter == "event_log")
            }
            let on = ByteBuffer(bytes: try JSONEncoder().encode(DestinationChange(enabled: true)))
            try await client.execute(uri: "/api/v1/destinations/email_1", method: .patch, headers: auth, body: on) { response in
                #expect(response.status == .conflict)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.code == "no_adapter" && error.message.contains("no adapter for email destinations"))
            }
            try await client.execute(uri: "/api/v1/destinations/email_1/test", method: .post, headers: auth) { response in
                #expect(response.status == .conflict)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.code == "no_adapter")
            }
            // Switching it off, or testing the event log, stays possible.
            let off = ByteBuffer(bytes: try JSONEncoder().encode(DestinationChange(enabled: false)))
            try await client.execute(uri: "/api/v1/destinations/email_1", method: .patch, headers: auth, body: off) { #expect($0.status == .ok) }
        }
        #expect(fixture.log.head == head)
        await fixture.tearDown()
    }
}
