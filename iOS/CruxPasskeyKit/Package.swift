// swift-tools-version: 5.9
// The effect handlers a Crux app needs for passkey sign-in, with no dependency on any app's
// generated types: each app maps its own `Effect` payloads to this package's small types in an
// adapter of a few lines per effect (see README.md).

import PackageDescription

let package = Package(
    name: "CruxPasskeyKit",
    platforms: [
        .iOS(.v16),
        .macOS(.v13),
    ],
    products: [
        .library(name: "CruxPasskeyKit", targets: ["CruxPasskeyKit"]),
    ],
    targets: [
        .target(name: "CruxPasskeyKit"),
        .testTarget(name: "CruxPasskeyKitTests", dependencies: ["CruxPasskeyKit"]),
    ]
)
