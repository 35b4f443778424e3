import FrontDoorDomain
import Vapor

/// Services shared by every request: the bank holiday calendar and the clock.
public struct FrontDoorServices: Sendable {
    public var holidays: BankHolidays
    /// The current instant. Tests fix it; the server uses the system clock.
    public var now: @Sendable () -> Date

    public init(holidays: BankHolidays, now: @escaping @Sendable () -> Date = { Date() }) {
        self.holidays = holidays
        self.now = now
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = FrontDoorServices
    }

    public var frontDoor: FrontDoorServices {
        get { storage[ServicesKey.self] ?? FrontDoorServices(holidays: .englandAndWales) }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var frontDoor: FrontDoorServices { application.frontDoor }
    var now: Date { application.frontDoor.now() }
}
