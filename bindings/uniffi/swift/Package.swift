// swift-tools-version:5.9
// The Swift package of composio-rs: uniffi-generated sources (scripts/gen-uniffi.sh writes them and CI
// checks they are current) over libcomposio_uniffi. Build the library first, then point the linker
// at it, e.g. from this directory:
//   cargo build --release -p composio-uniffi
//   swift test -Xlinker -L../../../target/x86_64-unknown-linux-gnu/release
// (on macOS: cargo's target dir for your host, and `DYLD_LIBRARY_PATH` for the tests).
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
        .systemLibrary(name: "ComposioModelsFFI", path: "Sources/ComposioModelsFFI"),
        // The client (Composio.swift) and the core's records (ComposioModels.swift) in one module.
        .target(name: "Composio", dependencies: ["ComposioFFI", "ComposioModelsFFI"], path: "Sources/Composio"),
        .testTarget(
            name: "ComposioTests",
            dependencies: ["Composio"],
            path: "Tests/ComposioTests"
        ),
    ]
)
