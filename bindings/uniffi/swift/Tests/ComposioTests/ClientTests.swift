import Foundation
import XCTest
@testable import Composio

/// Behaviour beyond the shared cases, as the Kotlin tests check it.
final class ClientTests: XCTestCase {
    override func setUp() { Emulator.shared.reset() }

    func testPagerWalksEveryPage() async throws {
        let pager = try Emulator.shared.client().tools().iter(params: ToolListParams(toolkitSlug: "github", limit: 100))
        var slugs = Set<String>()
        while let page = try await pager.next() { page.items.forEach { slugs.insert($0.slug) } }
        XCTAssertEqual(slugs.count, 420)
        XCTAssertNil(try pager.nextBlocking())
    }

    func testProjectLifecycleAndKeyRotation() async throws {
        let client = try Emulator.shared.client()
        let created = try await client.projects().create(params: CreateProjectParams(name: Emulator.shared.unique("life"), shouldCreateApiKey: true))
        let key = try XCTUnwrap(created.apiKey)
        XCTAssertFalse(String(describing: created).contains(key))
        let scoped = try client.withApiKey(apiKey: key)
        _ = try await scoped.tools().list(params: ToolListParams(limit: 1))
        let regenerated = try client.projects().regenerateApiKeyBlocking(projectId: created.id)
        do {
            _ = try scoped.tools().listBlocking(params: ToolListParams(limit: 1))
            XCTFail("the old key still works")
        } catch let e as ComposioError {
            XCTAssertEqual(e.kind(), "authentication")
        }
        try scoped.setApiKey(apiKey: regenerated.apiKey.key)
        XCTAssertEqual(try scoped.tools().listBlocking(params: ToolListParams(limit: 1)).items.count, 1)
        _ = try await client.projects().delete(projectId: created.id)
    }

    func testErrorsCarryTheirFieldsAndNoKey() throws {
        let key = "ak_secretsecretsecret"
        let client = try Composio(config: ComposioConfig(apiKey: key, baseUrl: "http://127.0.0.1:9", maxRetries: 0))
        do {
            _ = try client.tools().listBlocking()
            XCTFail("expected a connection error")
        } catch let e as ComposioError {
            XCTAssertEqual(e.kind(), "connection")
            XCTAssertFalse(String(describing: e).contains(key))
        }
        XCTAssertFalse(String(describing: ComposioConfig(apiKey: key)).contains(key))
    }

    /// uniffi 0.32's Swift code does not propagate Task cancellation to Rust (documented in the README):
    /// a slow call ends at the client's timeout, and the client stays usable.
    func testSlowCallEndsAtTheTimeout() async throws {
        let client = try Composio(config: Emulator.shared.config(maxRetries: 0).withTimeout(0.5))
        Emulator.shared.fault(["method": "GET", "path": "/api/v3.1/tools", "count": 1, "delay_ms": 60_000])
        let task = Task { try await client.tools().list(params: ToolListParams(limit: 1)) }
        task.cancel()
        switch await task.result {
        case .success: XCTFail("a 60 s call finished inside a 500 ms timeout")
        case .failure(let error): XCTAssertEqual((error as? ComposioError)?.kind(), "timeout")
        }
        let page = try await client.tools().list(params: ToolListParams(limit: 1))
        XCTAssertEqual(page.items.count, 1)
    }
}
