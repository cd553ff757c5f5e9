import AdminModels
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The users list is rendered once per log position; a change must show in the next read.
@Suite struct RenderedListTests {
    @Test func theUsersListFollowsEveryChange() async throws {
        let fixture = try AdminAPIFixture()
        let auth = try await AdminRouterTests.authorization(fixture)
        let app = Application(router: fixture.api.makeRouter())
        try await app.test(.router) { client in
            func list() async throws -> [String] {
                try await client.execute(uri: "/api/v1/users", method: .get, headers: auth) { response in
                    try JSONDecoder().decode(UserList.self, from: Data(response.body.readableBytesView)).users.map(\.name)
                }
            }
            #expect(try await list() == [])
            #expect(try await list() == [])
            for (number, name) in [("101", "Ada"), ("102", "Grace")] {
                let body = ByteBuffer(bytes: try JSONEncoder().encode(UserCreation(number: number, name: name)))
                try await client.execute(uri: "/api/v1/users", method: .post, headers: auth, body: body) { #expect($0.status == .created) }
                #expect(try await list().last == name)
            }
            try await client.execute(uri: "/api/v1/users/101", method: .delete, headers: auth) { #expect($0.status == .noContent) }
            #expect(try await list() == ["Grace"])
        }
        await fixture.tearDown()
    }
}
