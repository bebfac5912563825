// Hand-written (not generated): with this conformance, print(error), String(reflecting:) and so the
// generated `errorDescription` (localizedDescription) show the one-line description (operation,
// status, server message, slug, request id) that uniffi exports from Rust's Display.
extension ComposioError: CustomStringConvertible {}
