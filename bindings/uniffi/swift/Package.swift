// swift-tools-version:5.9
// The Swift package of composio-rs: uniffi-generated sources (scripts/gen-uniffi.sh writes them and CI
// checks they are current) over libcomposio_uniffi. Build the library first, then point the linker
// at it, e.g. from this directory:
//   cargo build --release -p composio-uniffi
//   LD_LIBRARY_PATH=../../../target/x86_64-unknown-linux-gnu/release \
//     swift test -Xlinker -L../../../target/x86_64-unknown-linux-gnu/release
// (on macOS: `cargo build --release -p composio-uniffi --target aarch64-apple-darwin`, that target's
// release dir for -L and DYLD_LIBRARY_PATH, and COMPOSIO_EMULATOR pointing at a built emulator).
import PackageDescription

let package = Package(
    name: "Composio",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "Composio", targets: ["Composio"]),
    ],
    targets: [
        // The C declarations of the two uniffi components in libcomposio_uniffi.
        .systemLibrary(name: "ComposioFFI", path: "Sources/ComposioFFI"),
        // The client (Composio.swift) and the core's records (ComposioModels.swift) in one module.
        .target(name: "Composio", dependencies: ["ComposioFFI"], path: "Sources/Composio"),
        .testTarget(
            name: "ComposioTests",
            dependencies: ["Composio"],
            path: "Tests/ComposioTests"
        ),
    ]
)
