import FrontDoorDomain
import Foundation

/// Everything the server reads from its environment, checked once at start-up.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | DATABASE_URL | `postgres://user:pass@host:port/db` to use PostgreSQL | SQLite |
/// | FRONTDOOR_DATA_DIR | folder of the SQLite file | `./data` |
/// | FRONTDOOR_BANK_HOLIDAYS | a newer gov.uk bank-holidays.json to use instead of the shipped one | shipped file |
/// | FRONTDOOR_SECURE_COOKIES | 1 when served over TLS: session cookies are then Secure | 0 |
/// | LOG_LEVEL | trace … critical | info |
public struct Settings: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String, searchPath: [String]?)
    }

    public var database: Database
    public var bankHolidaysFile: String?
    public var secureCookies: Bool
    /// PostgreSQL connections per event loop (one loop per core).
    public var postgresConnectionsPerEventLoop = 4
    /// How long a request waits for a database connection before it fails (seconds).
    public var connectionWaitSeconds: Int64 = 10

    public init(database: Database, bankHolidaysFile: String? = nil, secureCookies: Bool = false) {
        self.database = database
        self.bankHolidaysFile = bankHolidaysFile
        self.secureCookies = secureCookies
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError("DATABASE_URL must be a postgres:// URL (leave it unset to use SQLite)")
            }
            database = .postgres(url: url, searchPath: nil)
        } else {
            let dir = env["FRONTDOOR_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
            database = .sqliteFile(path: (dir as NSString).appendingPathComponent("frontdoor.sqlite"))
        }
        let holidays = env["FRONTDOOR_BANK_HOLIDAYS"].flatMap { $0.isEmpty ? nil : $0 }
        let secure = ["1", "true", "yes"].contains(env["FRONTDOOR_SECURE_COOKIES"]?.lowercased() ?? "")
        return Settings(database: database, bankHolidaysFile: holidays, secureCookies: secure)
    }

    /// The bank holidays in force: the shipped England and Wales list, or the newer file named.
    public func loadBankHolidays() throws -> BankHolidays {
        guard let path = bankHolidaysFile else { return .englandAndWales }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("FRONTDOOR_BANK_HOLIDAYS names \(path), which cannot be read")
        }
        do {
            return try BankHolidays(govUKJSON: data)
        } catch {
            throw ConfigurationError("FRONTDOOR_BANK_HOLIDAYS file \(path) is not a gov.uk bank holidays file: \(error)")
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The release written into returns (the CIN census header's Release).
enum FrontDoorVersion {
    static let current = "0.2.0"
}
