// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Pledger",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PledgerKit", targets: ["PledgerKit"]),
        .executable(name: "pledger", targets: ["pledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .target(
            name: "PledgerKit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CLibXML2",
            ]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "PledgerCLI",
            dependencies: [
                "PledgerKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pledger", dependencies: ["PledgerCLI"]),
        .executableTarget(name: "pledger-proof-bench", dependencies: ["PledgerKit"], path: "bench/Sources/ProofBench"),
        .executableTarget(name: "pledger-matcher-bench", dependencies: ["PledgerKit"], path: "bench/Sources/MatcherBench"),
        .executableTarget(
            name: "pledger-bench",
            dependencies: ["PledgerKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "bench/Sources/PledgerBench"
        ),
        .target(
            name: "PledgerTestSupport",
            dependencies: ["PledgerKit"],
            path: "Tests/PledgerTestSupport"
        ),
        .testTarget(
            name: "PledgerKitTests",
            dependencies: ["PledgerKit", "PledgerTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            // Golden report files are read through #filePath, so that PLEDGER_UPDATE_GOLDEN=1 rewrites them in place.
            exclude: ["Golden"]
        ),
        .testTarget(name: "PledgerCLITests", dependencies: ["PledgerKit", "PledgerCLI", "PledgerTestSupport", "pledger"]),
    ]
)
