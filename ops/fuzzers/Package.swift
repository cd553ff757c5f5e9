// swift-tools-version: 5.4
// The libFuzzer targets of the SIP module, kept out of the root package so that its
// `swift build --build-tests` never links a fuzzer. Built and run by `ops/fuzz`.
//
// Tools version 5.4, not the root's 6.1: from 5.5 on SwiftPM compiles an executable's entry point
// as `<Target>_main` and links it with `--defsym main=<Target>_main` (so tests can import
// executables). `-parse-as-library`, which leaves `main` to libFuzzer, emits no such symbol and
// the link fails (swift-package-manager issue 8731). The code is still Swift 6: see
// `swiftLanguageVersions`.
import PackageDescription

let package = Package(
    name: "CallplaneFuzzers",
    dependencies: [
        .package(name: "Callplane", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "SIPMessageFuzzer",
            dependencies: [
                .product(name: "SIP", package: "Callplane"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "SDPFuzzer",
            dependencies: [
                .product(name: "SIP", package: "Callplane")
            ]
        ),
    ],
    swiftLanguageVersions: [.version("6")]
)
