// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "frontdoor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "frontdoor", targets: ["frontdoor"]),
        .library(name: "FrontDoorDomain", targets: ["FrontDoorDomain"]),
        .library(name: "FrontDoorServer", targets: ["FrontDoorServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.52.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The domain: people, contacts, the state machine, the working-time calendar, clocks and
        // code lists. Plain Swift and Foundation only — no web framework, no database.
        .target(
            name: "FrontDoorDomain",
            resources: [.copy("Resources/bank-holidays.json")]
        ),
        // HTTP, persistence and commands: translates Vapor and Fluent to and from the domain.
        .target(
            name: "FrontDoorServer",
            dependencies: [
                "FrontDoorDomain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public")]
        ),
        .executableTarget(
            name: "frontdoor",
            dependencies: ["FrontDoorServer"]
        ),
        .testTarget(
            name: "FrontDoorDomainTests",
            dependencies: [
                "FrontDoorDomain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "FrontDoorServerTests",
            dependencies: [
                "FrontDoorServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
