import Foundation
import XCTest
@testable import Composio

/// The agent layer from Swift, as the Kotlin tests check it: a toolset, a model response handled, a callback.
final class AgentTests: XCTestCase {
    override func setUp() { Emulator.shared.reset() }

    final class Retitle: ToolCallback, @unchecked Sendable {
        func call(toolSlug: String, toolkit: String?, valueJson: String) throws -> String {
            var request = try JSONSerialization.jsonObject(with: Data(valueJson.utf8)) as! [String: Any]
            var arguments = request["arguments"] as! [String: Any]
            arguments["title"] = "[bot]"
            request["arguments"] = arguments
            return String(data: try JSONSerialization.data(withJSONObject: request), encoding: .utf8)!
        }
    }

    func testAToolsetRunsTheCallsOfAResponse() async throws {
        let client = try Emulator.shared.client()
        let modifier = ToolModifier(kind: .beforeExecute, tools: ["GITHUB_CREATE_ISSUE"], toolkits: [], callback: Retitle())
        let toolset = try await client.toolset(params: ToolsetParams(
            userId: "user-1", tools: ["GITHUB_CREATE_ISSUE"], format: "anthropic", modifiers: [modifier]))
        XCTAssertTrue(toolset.definitionsJson().contains("\"input_schema\""))
        let response = #"{"content": [{"type": "tool_use", "id": "t1", "name": "GITHUB_CREATE_ISSUE", "input": {"owner": "o", "repo": "r", "title": "t"}}]}"#
        let messages = try await toolset.handle(responseJson: response)
        XCTAssertTrue(messages.contains("[bot]"), messages)
        XCTAssertTrue(messages.contains("\"is_error\":false"), messages)
        let unknown = await toolset.execute(name: "NOPE", argumentsJson: "{}")
        XCTAssertTrue(unknown.contains("no tool named"), unknown)
    }
}
