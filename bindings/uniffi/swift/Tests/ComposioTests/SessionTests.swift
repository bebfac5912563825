import Foundation
import XCTest
@testable import Composio

/// Sessions and live events from Swift, as the Kotlin tests check them (written against the generated API; this
/// repository's machines have no Swift toolchain to run them).
final class SessionTests: XCTestCase {
    override func setUp() { Emulator.shared.reset() }

    private func call(_ id: String, _ name: String, _ arguments: String) -> String {
        let escaped = arguments.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"choices": [{"message": {"role": "assistant", "tool_calls": [{"id": "\#(id)", "type": "function", "function": {"name": "\#(name)", "arguments": "\#(escaped)"}}]}}]}"#
    }

    private func content(_ messages: String) throws -> [String: Any] {
        let list = try JSONSerialization.jsonObject(with: Data(messages.utf8)) as! [[String: Any]]
        let text = list[0]["content"] as! String
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    func testASessionTurnSearchesConnectsAndRunsTwoTools() async throws {
        let client = try Emulator.shared.client()
        let session = try await client.sessions().create(params: SessionParams(
            userId: Emulator.shared.unique("session"), toolkits: ["github"]))
        let toolset = try await session.toolset(params: SessionToolsetParams(format: "openai"))
        XCTAssertTrue(toolset.tools().contains { $0.name == "COMPOSIO_MULTI_EXECUTE_TOOL" })

        let found = try content(try await toolset.handle(responseJson: call("c1", "COMPOSIO_SEARCH_TOOLS", #"{"query": "create issue"}"#)))
        let results = (found["data"] as! [String: Any])["results"] as! [[String: Any]]
        XCTAssertEqual(results.first?["tool_slug"] as? String, "GITHUB_CREATE_ISSUE")

        let manage = try content(try await toolset.handle(responseJson: call("c2", "COMPOSIO_MANAGE_CONNECTIONS", #"{"toolkits": ["github"]}"#)))
        let status = ((manage["data"] as! [String: Any])["toolkits"] as! [[String: Any]])[0]
        XCTAssertEqual(Emulator.shared.visit(status["redirect_url"] as! String), 200)

        let two = #"{"tools": [{"tool_slug": "GITHUB_CREATE_ISSUE", "arguments": {"owner": "acme", "repo": "web", "title": "Flaky"}}, {"tool_slug": "GITHUB_LIST_ISSUES", "arguments": {"owner": "acme", "repo": "web"}}]}"#
        let ran = try content(try await toolset.handle(responseJson: call("c3", "COMPOSIO_MULTI_EXECUTE_TOOL", two)))
        let outcomes = (ran["data"] as! [String: Any])["results"] as! [[String: Any]]
        XCTAssertEqual(outcomes.count, 2)
        XCTAssertTrue(outcomes.allSatisfy { $0["error"] is NSNull }, "\(outcomes)")

        let mcp = try await session.mcp()
        XCTAssertEqual(mcp.headers["x-api-key"], Emulator.shared.string("api_key"))
        XCTAssertFalse(String(describing: mcp).contains(Emulator.shared.string("api_key")))
        _ = try await session.delete()
    }

    func testLiveEventsArriveAsAnAsyncSequence() async throws {
        let client = try Emulator.shared.client()
        let made = try await client.triggers().upsert(
            slug: "GITHUB_STAR_ADDED_EVENT",
            params: TriggerUpsertParams(userId: "user-1", triggerConfig: #"{"owner": "acme", "repo": "live"}"#))
        let events = try await client.triggers().events(filters: TriggerFilters(triggerId: made.triggerId))
        _ = Emulator.shared.adminJSON("POST", "/_emulator/triggers/\(made.triggerId)/fire", body: ["data": ["n": 1]])
        for try await event in events {
            XCTAssertEqual(event.metadata?.triggerId, made.triggerId)
            break  // leaving the loop stops the subscription
        }
    }
}
