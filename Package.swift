// swift-tools-version: 6.1
import PackageDescription

/// Callplane: an event-sourced business communication server. The module map and its rules
/// are in docs/architecture.md; a module depends only on modules above it in that table.
let package = Package(
    name: "Callplane",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "callplane", targets: ["callplane"]),
        .executable(name: "callplane-bench", targets: ["CallplaneBench"]),
        .executable(name: "callplane-srm", targets: ["callplane-srm"]),
        .library(name: "SIP", targets: ["SIP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already in the graph through Hummingbird; named for NIOHTTPTypes, the request and
        // response parts the admin API's connection deadlines read.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The system's own CA and TLS server certificate (issue 15, point 1): X.509 building,
        // parsing and verification; swift-asn1 comes with it and is named for its PEM and DER
        // types (a chain's PEM blocks, an IP address in a subjectAltName).
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The SRM connection (issue 19): the agent's WebSocket client over TLS, and the SRM
        // server's WebSocket endpoint on Hummingbird.
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // Only the agent and base libraries: pkg-config's netsnmp-agent adds mibs, sensors and
        // pci libraries the embedded agent does not need (FIELD-NOTES).
        .systemLibrary(name: "CNetSNMP", path: "Sources/CNetSNMP", providers: [.apt(["libsnmp-dev"])]),
        // SRTP (RFC 3711) for the media relay's SDES-keyed calls; only Media's SRTPLibrary calls it.
        .systemLibrary(
            name: "CSRTP", path: "Sources/CSRTP", pkgConfig: "libsrtp2",
            providers: [.apt(["libsrtp2-dev"])]),
        .target(
            name: "EventLog",
            dependencies: [
                "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.copy("Migrations")]
        ),
        // X.509 for the system's TLS certificate: generation of its own CA and server
        // certificate, and the checks of an uploaded chain that `decide` runs. Pure, no I/O.
        .target(
            name: "Certificates",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Domain",
            dependencies: [
                "EventLog", "Certificates",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "EventMessages",
            dependencies: [
                "EventLog", "Domain", "ControlPlane",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "ControlPlane",
            dependencies: [
                "EventLog", "Domain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The frames the SRM agent and the SRM server exchange (issue 19): Codable values, no I/O,
        // so both executables share one definition.
        .target(name: "SRMWire"),
        .target(
            name: "Connectors",
            dependencies: [
                "CCurl", "Domain", "EventLog", "EventMessages", "SRMWire",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        .target(
            name: "ATAS",
            dependencies: [
                "AdminModels", "Domain", "EventLog", "EventMessages",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "SNMP",
            dependencies: [
                "CNetSNMP", "Domain", "EventLog", "EventMessages", "ControlPlane",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The SIP stack: knows nothing of the PBX (issue 15). NIOCore for the codec, NIOPosix and
        // NIOSSL for the UDP, TCP and TLS listeners, Crypto for digest authentication (MD5,
        // SHA-256, HMAC nonces).
        .target(
            name: "SIP",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        // Media: G.711 µ-law and A-law, tones and the tone player for the calls the system
        // answers itself (issue 15, point 5), and the media relay with SRTP (issue 16, points 3
        // and 4). SIP for its SDP types, CSRTP for libsrtp2.
        .target(
            name: "Media",
            dependencies: [
                "SIP", "CSRTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The call core (issue 15): registrar, B2BUA, numbering, function codes, emergency calls,
        // message groups. Speaks SIP through the SIP module; knows the configuration through Domain.
        .target(
            name: "Telephony",
            dependencies: [
                "SIP", "Media", "Domain", "EventLog", "ControlPlane",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Backup",
            dependencies: [
                "EventLog", "Domain", "ControlPlane",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AccessControl",
            dependencies: [
                "EventLog", "Domain", "ControlPlane",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The API's request and response types, shared by the server and the CLI; no server code.
        // Requests decode with Domain's draft rules (unknown members refused, names checked).
        .target(name: "AdminModels", dependencies: ["Domain"]),
        .target(
            name: "AdminAPI",
            dependencies: [
                "AdminModels", "EventLog", "Domain", "ControlPlane", "EventMessages", "AccessControl", "Certificates",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        .target(
            name: "CallplaneServer",
            dependencies: [
                "EventLog", "Domain", "ControlPlane", "AdminAPI", "EventMessages", "Connectors", "AccessControl", "SNMP", "SIP", "Telephony",
                "Certificates", "ATAS", "Backup",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The operator's terminal, for both command-line tools: passwords from standard input or
        // asked without echo, never from an argument.
        .target(name: "TerminalInput"),
        .executableTarget(
            name: "callplane",
            dependencies: [
                "AdminModels", "CallplaneServer", "EventLog", "Domain", "Backup", "SNMP", "TerminalInput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The SRM server an installer runs at the office (issue 19, point 4): agents' TLS
        // WebSocket endpoint with its allow-list, technician accounts (scrypt through
        // AccessControl's hasher), the systems page, its own CA through Certificates.
        .target(
            name: "SRMServer",
            dependencies: [
                "SRMWire", "AccessControl", "Certificates",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // The sweeper of idle maintenance sessions runs as a service beside the server.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "callplane-srm",
            dependencies: [
                "SRMServer", "AccessControl", "TerminalInput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "CallplaneBench",
            dependencies: [
                "CSQLite", "EventLog", "Domain", "ControlPlane", "EventMessages", "Connectors", "AccessControl", "SNMP", "Media", "ATAS", "SRMWire",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "CSQLite", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "EventLog", "Certificates"]),
        .testTarget(
            name: "CertificatesTests",
            dependencies: [
                "Certificates",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: [
                "Connectors", "Domain", "EventLog", "EventMessages", "SRMWire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // The SMTP peer these tests (and the e-mail integration tests) run: a script, not a resource.
            exclude: ["smtp_peer.py"]
        ),
        .testTarget(
            name: "EventMessagesTests", dependencies: ["EventMessages", "ControlPlane", "Domain", "EventLog", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "AccessControlTests", dependencies: ["AccessControl", "ControlPlane", "Domain", "EventLog", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "ATASTests",
            dependencies: [
                "ATAS", "Domain", "EventMessages",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SRMWireTests", dependencies: ["SRMWire"]),
        .testTarget(
            name: "SRMServerTests",
            dependencies: [
                "SRMServer", "SRMWire", "AccessControl",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "SNMPTests", dependencies: ["SNMP", "Domain", "EventMessages"]),
        .testTarget(
            name: "SIPTests",
            dependencies: [
                "SIP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MediaTests",
            dependencies: [
                "Media", "SIP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "TelephonyTests", dependencies: ["Telephony", "SIP", "Domain", "EventLog", "ControlPlane"]),
        .testTarget(
            name: "BackupTests",
            dependencies: ["Backup", "ControlPlane", "Domain", "EventLog", "CSQLite", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "ControlPlaneTests", dependencies: ["ControlPlane", "Domain", "EventLog", "CSQLite", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "CallplaneServerTests",
            dependencies: [
                "CallplaneServer", "Certificates", "Domain", "EventLog",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        .testTarget(
            name: "AdminAPITests",
            dependencies: [
                "AdminAPI", "AdminModels", "CallplaneServer", "ControlPlane", "Domain", "EventLog", "EventMessages",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
