import AdminAPI
import Foundation
import Testing

/// The OpenAPI document is the contract: the router is built from `AdminAPI.routes`, and this
/// test holds that list and the document's operations to be the same set.
@Suite struct OpenAPIContractTests {
    /// `(METHOD, path)` of every operation under `paths:`. The document is ours and keeps one
    /// layout: paths indented by 2 spaces, operations by 4.
    static func documentedOperations() throws -> Set<String> {
        Set(try documentedRights().keys)
    }

    /// `(METHOD, path)` → its `x-callplane-right` (empty when the operation has none).
    static func documentedRights() throws -> [String: String] {
        let url = try #require(AdminAPI.openAPIDocumentURL, "openapi.yaml must ship as a resource of AdminAPI")
        let text = try String(contentsOf: url, encoding: .utf8)
        var operations: [String: String] = [:]
        var inPaths = false
        var currentPath: String?
        var currentOperation: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, !line.isEmpty, !line.hasPrefix(" ") { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
                currentOperation = nil
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                currentOperation = nil
                if ["get", "put", "post", "delete", "patch"].contains(String(key)) {
                    currentOperation = "\(key.uppercased()) \(currentPath)"
                    operations[currentOperation!] = ""
                }
            } else if let currentOperation, line.hasPrefix("      x-callplane-right:") {
                operations[currentOperation] = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        let fixture = try AdminAPIFixture()
        let served = Set(fixture.api.routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try Self.documentedOperations()
        await fixture.tearDown()
        #expect(documented.count >= 20, "the document parser found too few operations: \(documented.sorted())")
        #expect(served.subtracting(documented).isEmpty, "served but not in openapi.yaml: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "in openapi.yaml but not served: \(documented.subtracting(served).sorted())")
    }

    /// Each route's declared right is the one the document promises (`x-callplane-right`).
    @Test func everyRouteDeclaresTheRightTheDocumentStates() async throws {
        let fixture = try AdminAPIFixture()
        let routes = fixture.api.routes
        await fixture.tearDown()
        let documented = try Self.documentedRights()
        for route in routes {
            let key = "\(route.method.rawValue) \(route.path)"
            #expect(documented[key] == route.right.description, "\(key): served with \(route.right), documented as \(documented[key] ?? "nothing")")
        }
    }
}
