import Foundation
import XCTest
@testable import Composio

/// The cross-language cases of tests/cases/operations.json, each in the async and the blocking form.
final class SharedCasesTests: XCTestCase {
    /// Every error kind's variant, as api/errors.toml declares them (tests/cases/error_kinds.json).
    static let variants: [String: String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../..").standardized
        let data = try! Data(contentsOf: root.appendingPathComponent("tests/cases/error_kinds.json"))
        let kinds = (try! JSONSerialization.jsonObject(with: data) as! [String: Any])["kinds"] as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: kinds.map { ($0["kind"] as! String, $0["variant"] as! String) })
    }()

    func loadCases() throws -> [[String: Any]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../..").standardized
        let data = try Data(contentsOf: root.appendingPathComponent("tests/cases/operations.json"))
        return try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
    }

    func testCasesAsync() async throws {
        for raw in try loadCases() { try await run(raw, blocking: false) }
    }

    func testCasesBlocking() async throws {
        for raw in try loadCases() { try await run(raw, blocking: true) }
    }

    private func run(_ raw: [String: Any], blocking: Bool) async throws {
        let emu = Emulator.shared
        var text = String(data: try JSONSerialization.data(withJSONObject: raw), encoding: .utf8)!
        text = text.replacingOccurrences(of: "$other_project_id", with: emu.string("other_project_id"))
            .replacingOccurrences(of: "$project_id", with: emu.string("project_id"))
            .replacingOccurrences(of: "$unique", with: emu.unique())
        let c = try JSONSerialization.jsonObject(with: text.data(using: .utf8)!) as! [String: Any]
        let name = "\(c["name"] as! String) (\(blocking ? "blocking" : "async"))"
        emu.reset()
        if let fault = c["fault"] as? [String: Any] { emu.fault(fault) }
        let client = try Composio(config: config(c["client"] as? [String: Any] ?? [:]))
        let expect = c["expect"] as! [String: Any]
        var result: Any?
        var failure: ComposioError?
        do {
            result = try await call(client, c["operation"] as! String, c["args"] as? [String: Any] ?? [:], blocking)
        } catch let e as ComposioError {
            failure = e
        }
        if expect["ok"] as? Bool == true {
            XCTAssertNil(failure, name)
            if let result = result { checkOk(result, expect, name) }
        } else {
            let e = try XCTUnwrap(failure, "\(name): expected \(expect["error"]!)")
            XCTAssertEqual(e.kind(), expect["error"] as? String, name)
            XCTAssertEqual(Mirror(reflecting: e).children.first?.label, Self.variants[e.kind()], name)
            if let status = expect["status"] as? Int { XCTAssertEqual(e.status().map(Int.init), status, name) }
            if let slug = expect["slug"] as? String { XCTAssertEqual(e.slug(), slug, name) }
            if let code = expect["code"] as? Int { XCTAssertEqual(e.code(), Int64(code), name) }
            if let id = expect["request_id"] as? String { XCTAssertEqual(e.requestId(), id, name) }
            if let message = expect["message"] as? String { XCTAssertEqual(e.reason(), message, name) }
            if let part = expect["message_contains"] as? String { XCTAssertTrue(e.reason().contains(part), name) }
            if let seconds = expect["retry_after_seconds"] as? Int { XCTAssertEqual(e.retryAfter(), TimeInterval(seconds), name) }
        }
        if let attempts = expect["attempts"] as? Int {
            XCTAssertEqual(emu.count(expect["attempts_path"] as! String), attempts, name)
        }
    }

    private func config(_ spec: [String: Any]) -> ComposioConfig {
        let emu = Emulator.shared
        let apiKeys: [String: String?] = ["project": emu.apiKey, "other_project": emu.string("other_api_key"), "invalid": "ak_invalidinvalid", "none": nil]
        let orgKeys: [String: String?] = [
            "org": emu.orgApiKey, "readonly": emu.string("readonly_org_api_key"), "other_org": emu.string("other_org_api_key"),
            "invalid": "oak_invalidinvalid", "none": nil,
        ]
        return ComposioConfig(
            apiKey: apiKeys[spec["api_key"] as? String ?? "project"]!,
            orgApiKey: orgKeys[spec["org_api_key"] as? String ?? "org"]!,
            userApiKey: ["user": emu.string("user_api_key"), "invalid": "uak_invalidinvalid"][spec["user_api_key"] as? String ?? ""],
            orgId: spec["user_scope"] == nil ? nil : emu.string("org_id"),
            projectId: ["project": emu.string("project_id"), "other_project": emu.string("other_project_id")][spec["user_scope"] as? String ?? ""],
            baseUrl: emu.baseUrl,
            authScheme: spec["auth_scheme"] as? String == "bearer" ? .bearer : .apiKeyHeader,
            timeout: (spec["timeout_ms"] as? Int).map { TimeInterval($0) / 1000 },
            maxRetries: (spec["max_retries"] as? Int).map(UInt32.init)
        )
    }

    private func call(_ client: Composio, _ op: String, _ a: [String: Any], _ blocking: Bool) async throws -> Any {
        let limit = (a["limit"] as? Int).map(UInt32.init)
        func json(_ key: String) -> String? {
            a[key].map { String(data: try! JSONSerialization.data(withJSONObject: $0), encoding: .utf8)! }
        }
        switch op {
        case "tools.list":
            let p = ToolListParams(toolkitSlug: a["toolkit_slug"] as? String, limit: limit)
            return blocking ? try client.tools().listBlocking(params: p) : try await client.tools().list(params: p)
        case "tools.get":
            let slug = a["slug"] as! String
            return blocking ? try client.tools().getBlocking(slug: slug) : try await client.tools().get(slug: slug)
        case "tools.execute":
            let slug = a["slug"] as! String
            let p = ExecuteParams(arguments: json("arguments"), text: a["text"] as? String, userId: a["user_id"] as? String)
            return blocking ? try client.tools().executeBlocking(slug: slug, params: p) : try await client.tools().execute(slug: slug, params: p)
        case "toolkits.list":
            let p = ToolkitListParams(limit: limit)
            return blocking ? try client.toolkits().listBlocking(params: p) : try await client.toolkits().list(params: p)
        case "toolkits.get":
            let slug = a["slug"] as! String
            return blocking ? try client.toolkits().getBlocking(slug: slug) : try await client.toolkits().get(slug: slug)
        case "projects.create":
            let p = CreateProjectParams(name: a["name"] as! String, shouldCreateApiKey: a["should_create_api_key"] as? Bool ?? false)
            return blocking ? try client.projects().createBlocking(params: p) : try await client.projects().create(params: p)
        case "projects.list":
            let p = ProjectListParams(limit: limit)
            return blocking ? try client.projects().listBlocking(params: p) : try await client.projects().list(params: p)
        case "projects.get":
            let id = a["project_id"] as! String
            return blocking ? try client.projects().getBlocking(projectId: id) : try await client.projects().get(projectId: id)
        case "project_settings.get":
            return blocking ? try client.projectSettings().getBlocking() : try await client.projectSettings().get()
        case "project_settings.update":
            let u = ProjectSettingsUpdate(logVisibilitySetting: a["log_visibility_setting"] as? String, displayName: a["display_name"] as? String)
            return blocking ? try client.projectSettings().updateBlocking(params: u) : try await client.projectSettings().update(params: u)
        default:
            XCTFail("operation \(op) has no mapping in the Swift runner")
            return ()
        }
    }

    /// A snake_case dotted path on a record, read through Mirror (`toolkit.slug`; a project's detail flattens `project`).
    private func lookup(_ value: Any, _ dotted: String) -> Any? {
        var current: Any? = value
        for part in dotted.split(separator: ".") {
            let camel = part.split(separator: "_").enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
            current = current.flatMap { property($0, camel) }
        }
        return current
    }

    private func property(_ value: Any, _ name: String) -> Any? {
        let mirror = Mirror(reflecting: value)
        if let child = mirror.children.first(where: { $0.label == name }) { return unwrap(child.value) }
        if let project = mirror.children.first(where: { $0.label == "project" }) { return property(project.value, name) }
        return nil
    }

    private func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { $0.value }
    }

    private func checkOk(_ result: Any, _ expect: [String: Any], _ name: String) {
        for (path, want) in expect["fields"] as? [String: Any] ?? [:] {
            let got = lookup(result, path)
            if want is NSNull { XCTAssertNil(got, "\(name): \(path)"); continue }
            if let flag = got as? Bool { XCTAssertEqual(flag, want as? Bool, "\(name): \(path)"); continue }
            XCTAssertEqual(got.map { "\($0)" }, "\(want)", "\(name): \(path)")
        }
        for path in expect["non_null"] as? [String] ?? [] { XCTAssertNotNil(lookup(result, path), "\(name): \(path)") }
        let items = (lookup(result, "items") as? [Any])?.count ?? 0
        XCTAssertGreaterThanOrEqual(items, expect["min_items"] as? Int ?? 0, name)
        XCTAssertLessThanOrEqual(items, expect["max_items"] as? Int ?? Int.max, name)
        if expect["has_next_cursor"] as? Bool == true { XCTAssertNotNil(lookup(result, "next_cursor"), name) }
        XCTAssertGreaterThanOrEqual((lookup(result, "api_keys") as? [Any])?.count ?? 0, expect["min_keys"] as? Int ?? 0, name)
    }
}
