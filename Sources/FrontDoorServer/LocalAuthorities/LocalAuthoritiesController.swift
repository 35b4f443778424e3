import Fluent
import FrontDoorDomain
import Vapor

struct LocalAuthoritiesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("local-authorities", use: list)
    }

    struct LocalAuthorityResponse: Content {
        var code: String
        var name: String
        var childPopulation: Int?
        var workingHours: WorkingHoursResponse
        var clockMinutes: ClockPolicy
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
        return las.map { la in
            let hours = la.workingHours
            return LocalAuthorityResponse(
                code: la.code, name: la.name, childPopulation: la.childPopulation,
                workingHours: .init(start: Self.clock(hours.start), end: Self.clock(hours.end), weekdays: hours.weekdays.sorted()),
                clockMinutes: la.clockPolicy
            )
        }
    }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
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
