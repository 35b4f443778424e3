import Fluent
import FrontDoorDomain
import Vapor

/// A local authority: the tenant every record belongs to, with its own working hours and clocks.
final class LocalAuthorityModel: Model, @unchecked Sendable {
    static let schema = "local_authorities"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "child_population") var childPopulation: Int?
    @Field(key: "work_start") var workStart: Int
    @Field(key: "work_end") var workEnd: Int
    @Field(key: "work_days") var workDays: String
    @Field(key: "clock_red") var clockRed: Int
    @Field(key: "clock_amber") var clockAmber: Int
    @Field(key: "clock_green") var clockGreen: Int
    @Field(key: "clock_unrated") var clockUnrated: Int
    /// The authority's own partner agencies beyond the standard ones (an ISVA service, the LADO, CAMHS…).
    @Field(key: "agencies") var agencies: [String]
    @Field(key: "referral_cin_minutes") var referralChildInNeedMinutes: Int
    @Field(key: "referral_cp_minutes") var referralChildProtectionMinutes: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(code: String, name: String, childPopulation: Int? = nil) {
        self.code = code
        self.name = name
        self.childPopulation = childPopulation
        let hours = WorkingHours.standard
        workStart = hours.start
        workEnd = hours.end
        workDays = hours.weekdays.sorted().map(String.init).joined(separator: ",")
        let policy = ClockPolicy.standard
        clockRed = policy.red
        clockAmber = policy.amber
        clockGreen = policy.green
        clockUnrated = policy.unrated
        agencies = []
        referralChildInNeedMinutes = ReferralClockPolicy.standard.childInNeedMinutes
        referralChildProtectionMinutes = ReferralClockPolicy.standard.childProtectionMinutes
    }

    /// Every agency the MASH may send an information request to: the standard partners and the
    /// authority's own.
    var partnerAgencies: [String] {
        Agency.allCases.filter { $0 != .socialCare }.map(\.rawValue) + agencies
    }

    var referralClockPolicy: ReferralClockPolicy {
        ReferralClockPolicy(childInNeedMinutes: referralChildInNeedMinutes, childProtectionMinutes: referralChildProtectionMinutes)
    }

    var clockPolicy: ClockPolicy {
        ClockPolicy(red: clockRed, amber: clockAmber, green: clockGreen, unrated: clockUnrated)
    }

    var workingHours: WorkingHours {
        let days = Set(workDays.split(separator: ",").compactMap { Int($0) })
        return (try? WorkingHours(start: workStart, end: workEnd, weekdays: days)) ?? .standard
    }

    func calendar(holidays: BankHolidays) -> WorkingCalendar {
        WorkingCalendar(hours: workingHours, holidays: holidays)
    }
}

extension LocalAuthorityModel {
    /// A three-digit DfE LA number.
    static func isValidCode(_ code: String) -> Bool {
        code.count == 3 && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
