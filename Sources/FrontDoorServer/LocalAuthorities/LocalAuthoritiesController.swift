import Fluent
import FrontDoorDomain
import Vapor

struct LocalAuthoritiesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("local-authorities", use: list).requiresSignIn()
        routes.patch("local-authorities", ":code", use: update).requires(.manageAuthorities)
    }

    struct UpdateRequest: Content {
        struct Hours: Codable {
            var start: String?
            var end: String?
            var weekdays: [Int]?
        }

        var name: String?
        var childPopulation: Int?
        var workingHours: Hours?
        var clockMinutes: [String: Int]?
        /// The authority's own partner agencies, replacing the list (codes such as "isva", "lado").
        var agencies: [String]?
    }

    /// An administrator sets an authority's working hours and decision clocks. Clocks already
    /// running are recomputed from receipt under the new settings the next time they are read.
    func update(req: Request) async throws -> LocalAuthorityResponse {
        _ = try req.actor(.manageAuthorities)
        let la = try await req.grantedAuthority(code: req.parameters.get("code"), field: "code")
        let body = try req.content.decode(UpdateRequest.self)
        var check = InputChecker()
        if let name = body.name { la.name = check.require(name, "name", maxLength: 100) ?? la.name }
        if let population = body.childPopulation {
            if population < 0 { check.add("childPopulation", "must not be negative") } else { la.childPopulation = population }
        }
        if let hours = body.workingHours {
            let current = la.workingHours
            let start = hours.start.map { Self.minutes($0, "workingHours.start", &check) } ?? current.start
            let end = hours.end.map { Self.minutes($0, "workingHours.end", &check) } ?? current.end
            let days = hours.weekdays.map(Set.init) ?? current.weekdays
            if check.problems.isEmpty {
                do {
                    let valid = try WorkingHours(start: start, end: end, weekdays: days)
                    la.workStart = valid.start
                    la.workEnd = valid.end
                    la.workDays = valid.weekdays.sorted().map(String.init).joined(separator: ",")
                } catch {
                    check.add("workingHours", "\(error)")
                }
            }
        }
        for (rating, minutes) in body.clockMinutes ?? [:] {
            guard (1...100_000).contains(minutes) else {
                check.add("clockMinutes.\(rating)", "must be from 1 to 100000 working minutes")
                continue
            }
            switch rating {
            case "red": la.clockRed = minutes
            case "amber": la.clockAmber = minutes
            case "green": la.clockGreen = minutes
            case "unrated": la.clockUnrated = minutes
            case "referralChildInNeed": la.referralChildInNeedMinutes = minutes
            case "referralChildProtection": la.referralChildProtectionMinutes = minutes
            default: check.add("clockMinutes.\(rating)", "is not a clock: use red, amber, green, unrated, referralChildInNeed or referralChildProtection")
            }
        }
        if let agencies = body.agencies {
            var seen: Set<String> = Set(Agency.allCases.map(\.rawValue))
            var list: [String] = []
            for (index, code) in agencies.enumerated() {
                let ok = (2...40).contains(code.count) && code.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
                if !ok { check.add("agencies[\(index)]", "use a short code of lower-case letters, digits and hyphens, such as isva or lado"); continue }
                if seen.contains(code) { check.add("agencies[\(index)]", "'\(code)' is already an agency"); continue }
                seen.insert(code)
                list.append(code)
            }
            la.agencies = list
        }
        try check.finish()
        try await req.db.transaction { db in
            try await req.audit("update", "local-authority", la.id, on: db)
            try await la.save(on: db)
        }
        return Self.response(la)
    }

    /// "08:30" → 510.
    static func minutes(_ text: String, _ field: String, _ check: inout InputChecker) -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440 else {
            check.add(field, "is not a time of day in the form HH:MM")
            return 0
        }
        return h * 60 + m
    }

    struct LocalAuthorityResponse: Content {
        var code: String
        var name: String
        @NullEncodable var childPopulation: Int?
        var workingHours: WorkingHoursResponse
        var clockMinutes: ClockPolicy
        var referralClockMinutes: ReferralClockPolicy
        var partnerAgencies: [String]
    }

    struct WorkingHoursResponse: Codable {
        var start: String
        var end: String
        var weekdays: [Int]
    }

    /// The authorities the signed-in user is granted, with their hours and clocks.
    func list(req: Request) async throws -> [LocalAuthorityResponse] {
        let actor = try req.actor()
        let las = try await LocalAuthorityModel.query(on: req.db).filter(\.$id ~~ actor.authorityIDs).sort(\.$code).all()
        return las.map(Self.response)
    }

    static func response(_ la: LocalAuthorityModel) -> LocalAuthorityResponse {
        let hours = la.workingHours
        return LocalAuthorityResponse(
            code: la.code, name: la.name, childPopulation: la.childPopulation,
            workingHours: .init(start: clock(hours.start), end: clock(hours.end), weekdays: hours.weekdays.sorted()),
            clockMinutes: la.clockPolicy, referralClockMinutes: la.referralClockPolicy, partnerAgencies: la.partnerAgencies
        )
    }

    static func clock(_ minutes: Int) -> String {
        (minutes / 60 < 10 ? "0" : "") + "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
    }
}

extension Request {
    /// The local authority with this code, if the signed-in user is granted it. An authority the
    /// user may not see is reported exactly like an unknown one, so codes cannot be probed.
    func grantedAuthority(code: String?, field: String = "la") async throws -> LocalAuthorityModel {
        let actor = try actor()
        guard let code, !code.isEmpty else {
            throw ValidationFailure([FieldProblem(field, "is required (the three-digit code of the local authority)")])
        }
        guard let la = try await LocalAuthorityModel.query(on: db).filter(\.$code == code).first(),
              let id = la.id, actor.mayAccess(la: id)
        else {
            throw ValidationFailure([FieldProblem(field, "'\(code)' is not a local authority you are granted (yours: \(actor.authorities.values.sorted().joined(separator: ", ")))")])
        }
        return la
    }
}
