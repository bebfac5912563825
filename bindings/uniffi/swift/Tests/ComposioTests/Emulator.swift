import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Composio

/// The emulator binary, started once per test process on a free loopback port. Its path comes from
/// `COMPOSIO_EMULATOR` (default: the debug build in the workspace's target dir).
final class Emulator {
    static let shared = Emulator()

    let info: [String: Any]
    private let process = Process()
    private var counter = 0

    private init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../..").standardized
        let binary = ProcessInfo.processInfo.environment["COMPOSIO_EMULATOR"]
            ?? root.appendingPathComponent("target/x86_64-unknown-linux-gnu/debug/composio-emulator").path
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0"]
        process.standardOutput = pipe
        try! process.run()
        var line = Data()
        while true {
            let byte = pipe.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        info = try! JSONSerialization.jsonObject(with: line) as! [String: Any]
        // A static is never deinitialized: stop the emulator when the test process exits.
        let pid = process.processIdentifier
        Emulator.child = pid
        atexit { kill(Emulator.child, SIGTERM) }
    }

    private static var child: Int32 = 0

    func string(_ key: String) -> String { info[key] as! String }
    var baseUrl: String { string("base_url") }
    var apiKey: String { string("api_key") }
    var orgApiKey: String { string("org_api_key") }

    func unique(_ prefix: String = "swift") -> String {
        counter += 1
        return "\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(counter)"
    }

    func config(apiKey: String? = nil, orgApiKey: String? = nil, maxRetries: UInt32? = nil) -> ComposioConfig {
        ComposioConfig(apiKey: apiKey ?? self.apiKey, orgApiKey: orgApiKey ?? self.orgApiKey, baseUrl: baseUrl, maxRetries: maxRetries)
    }

    func client(maxRetries: UInt32? = nil) throws -> Composio { try Composio(config: config(maxRetries: maxRetries)) }

    func reset() { _ = admin("POST", "/_emulator/reset", body: [:]) }
    func fault(_ fault: [String: Any]) { _ = admin("POST", "/_emulator/faults", body: fault) }
    func count(_ methodAndPath: String) -> Int {
        let counts = try! JSONSerialization.jsonObject(with: admin("GET", "/_emulator/counts", body: nil)) as! [String: Any]
        return counts[methodAndPath] as? Int ?? 0
    }

    /// An admin route's JSON answer (firing a trigger, counting sockets, dropping them).
    func adminJSON(_ method: String, _ path: String, body: [String: Any]? = nil) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: admin(method, path, body: body))) as? [String: Any] ?? [:]
    }

    /// The end user's browser opening a link: a GET with no credential; the HTTP status.
    func visit(_ url: String) -> Int {
        let done = DispatchSemaphore(value: 0)
        var status = 0
        URLSession.shared.dataTask(with: URL(string: url)!) { _, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        return status
    }

    private func admin(_ method: String, _ path: String, body: [String: Any]?) -> Data {
        var request = URLRequest(url: URL(string: baseUrl + path)!)
        request.httpMethod = method
        if let body = body {
            request.httpBody = try! JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "content-type")
        }
        let done = DispatchSemaphore(value: 0)
        var result = Data()
        URLSession.shared.dataTask(with: request) { data, _, _ in
            result = data ?? Data()
            done.signal()
        }.resume()
        done.wait()
        return result
    }
}

extension ComposioConfig {
    func withTimeout(_ timeout: TimeInterval) -> ComposioConfig {
        ComposioConfig(apiKey: apiKey, orgApiKey: orgApiKey, baseUrl: baseUrl, timeout: timeout, maxRetries: maxRetries)
    }
}
