import Fluent
import FrontDoorDomain
import Vapor

struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let people = routes.grouped("people")
        people.get("search", use: search).requires(.searchPeople)
        people.post(use: create).requires(.recordPeople)
        people.get(":personID", use: show).requires(.viewPeople)
        people.post(":personID", "household", use: link).requires(.recordPeople)
    }

    // MARK: search

    struct SearchResult: Content {
        var person: PersonResponse
        var score: Double
        var band: String
        var reasons: [String]
    }

    struct SearchResponse: Content {
        var results: [SearchResult]
    }

    func search(req: Request) async throws -> SearchResponse {
        let actor = try req.actor(.searchPeople)
        let la = try await req.grantedAuthority(code: req.query[String.self, at: "la"])
        let query = try Self.parseQuery(req)
        guard !query.isEmpty else {
            throw ValidationFailure([FieldProblem("query", "give at least one of givenName, familyName, dateOfBirth, postcode, nhsNumber, upn")])
        }
        let results = try await Self.ranked(query, la: la, actor: actor, req: req)
        try await req.audit("search", "person", nil)
        return SearchResponse(results: results)
    }

    /// The plausible matches for a query in one local authority, best first (at most 50); a
    /// restricted record shows only whom to ask. The web pages search with the same ranking.
    static func ranked(_ query: PersonQuery, la: LocalAuthorityModel, actor: Actor, req: Request) async throws -> [SearchResult] {
        let laID = try la.requireID()
        // The best 50 plausible matches; only they are loaded whole.
        let scored = Array(try await PeopleQueries.scored(MatchQuery(query), candidatesFor: query, la: laID, on: req.db).prefix(50))
        let ids = scored.map(\.id)
        let people = Dictionary(try await PersonModel.query(on: req.db).filter(\.$id ~~ ids).all().compactMap { p in p.id.map { ($0, p) } },
                                uniquingKeysWith: { a, _ in a })
        let today = req.frontDoor.today
        let closed = try await Restrictions.hidden(ids, from: actor, on: req.db)
        let results = scored.compactMap { id, result -> SearchResult? in
            guard let person = people[id] else { return nil }
            let match = result.personMatch
            if let ask = closed[id] {
                // The record exists, but nothing about the person is shown: only whom to ask.
                return SearchResult(person: .restricted(id: id, laCode: la.code, ask: ask), score: match.score, band: match.band.rawValue, reasons: [])
            }
            return SearchResult(person: PersonResponse(person, laCode: la.code, today: today), score: match.score, band: match.band.rawValue, reasons: match.reasons)
        }
        return results.sorted { ($0.score, $0.person.familyName) > ($1.score, $1.person.familyName) }
    }

    static func parseQuery(_ req: Request) throws -> PersonQuery {
        var check = InputChecker()
        func text(_ name: String) -> String? { check.optional(req.query[String.self, at: name], name, maxLength: 100) }
        var query = PersonQuery(givenName: text("givenName"), familyName: text("familyName"))
        if let dob = text("dateOfBirth") {
            query.dateOfBirth = LocalDate(iso: dob)
            if query.dateOfBirth == nil { check.add("dateOfBirth", "is not a date in the form YYYY-MM-DD") }
        }
        if let postcode = text("postcode") {
            query.postcode = Postcode(postcode)
            if query.postcode == nil { check.add("postcode", "is not a UK postcode") }
        }
        if let nhs = text("nhsNumber") {
            query.nhsNumber = NHSNumber(nhs)
            if query.nhsNumber == nil { check.add("nhsNumber", "is not a valid NHS number") }
        }
        if let upn = text("upn") {
            query.upn = UPN(upn)
            if query.upn == nil { check.add("upn", "is not a valid UPN") }
        }
        try check.finish()
        return query
    }

    // MARK: create and show

    struct CreatePersonRequest: Content {
        var la: String?
        var person: PersonInput?
        /// The likely matches the user has looked at and confirmed are a different child.
        var notDuplicateOf: [String]?
    }

    func create(req: Request) async throws -> Response {
        _ = try req.actor(.recordPeople)
        let body = try req.content.decode(CreatePersonRequest.self)
        let la = try await req.grantedAuthority(code: body.la)
        var check = InputChecker()
        let details = (body.person ?? PersonInput()).validated(as: "person", today: req.frontDoor.today, into: &check)
        try check.finish()
        guard let details else { throw APIError.badRequest("person: could not be read") }
        var confirmed: [UUID] = []
        for (index, text) in (body.notDuplicateOf ?? []).enumerated() {
            guard let id = UUID(uuidString: text) else { throw ValidationFailure([FieldProblem("notDuplicateOf[\(index)]", "is not a person id")]) }
            confirmed.append(id)
        }
        try await DuplicateGuard.require(details, la: try la.requireID(), confirmed: confirmed, field: "person", on: req.db)
        let confirmation: [String: [String?]]? = confirmed.isEmpty ? nil : ["confirmedDifferentFrom": [nil, confirmed.map(\.uuidString).joined(separator: ",")]]
        let person = PersonModel(laID: try la.requireID(), details: details)
        person.id = UUID()
        try await req.db.transaction { db in
            try await req.audit("create", "person", person.id, changes: confirmation, on: db)
            try await person.create(on: db)
            try await PersonKeys.index([person], on: db, fresh: true)
        }
        return try jsonResponse(PersonResponse(person, laCode: la.code, today: req.frontDoor.today), status: .created)
    }

    struct HouseholdMember: Content {
        var person: PersonResponse
        var relationship: String
    }

    struct OpenCase: Content {
        var kind: String
        var openedAt: Date
        @NullEncodable var allocatedWorker: String?
    }

    struct PersonRecord: Content {
        var person: PersonResponse
        var household: [HouseholdMember]
        var openCases: [OpenCase]
        /// Other people holding the same NHS number or UPN: probably the same child twice.
        var alerts: [DuplicateAlert]
    }

    func show(req: Request) async throws -> PersonRecord {
        let actor = try req.actor(.viewPeople)
        let (person, _) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let record = try await record(of: person, req: req)
        try await req.audit("read", "person", person.id)
        return record
    }

    /// The person with their household and open cases.
    func record(of person: PersonModel, req: Request) async throws -> PersonRecord {
        guard let la = try await LocalAuthorityModel.find(person.laID, on: req.db) else { throw APIError.notFound("the local authority") }
        let personID = try person.requireID()
        let today = req.frontDoor.today
        let household = try await PeopleQueries.household(of: personID, on: req.db).map { link, other in
            HouseholdMember(person: PersonResponse(other, laCode: la.code, today: today), relationship: link.relationship)
        }
        let open = OpenCaseRule.open(try await OpenCases.involvements(of: [personID], on: req.db)[personID] ?? [], at: req.now)
        return PersonRecord(
            person: PersonResponse(person, laCode: la.code, today: today),
            household: household,
            openCases: open.map { OpenCase(kind: $0.kind.rawValue, openedAt: $0.from, allocatedWorker: $0.heldBy) },
            alerts: try await DuplicateAlerts.alerts(for: person, on: req.db)
        )
    }

    struct LinkRequest: Content {
        var personId: String?
        var relationship: String?
    }

    func link(req: Request) async throws -> Response {
        let actor = try req.actor(.recordPeople)
        let (person, _) = try await PeopleQueries.find(req.parameters.get("personID"), actor: actor, on: req.db)
        let body = try req.content.decode(LinkRequest.self)
        var check = InputChecker()
        let relationship = check.require(body.relationship, "relationship", maxLength: 60)
        let otherText = check.require(body.personId, "personId", maxLength: 40)
        try check.finish()
        let (other, _) = try await PeopleQueries.find(otherText, actor: actor, on: req.db, field: "personId")
        guard other.laID == person.laID, other.id != person.id else {
            throw ValidationFailure([FieldProblem("personId", "must be another person of the same local authority")])
        }
        let link = HouseholdLinkModel(laID: person.laID, personID: try person.requireID(), otherID: try other.requireID(), relationship: relationship ?? "")
        let exists = try await HouseholdLinkModel.query(on: req.db)
            .group(.or) { or in
                or.group(.and) { $0.filter(\.$personID == link.personID).filter(\.$otherID == link.otherID) }
                or.group(.and) { $0.filter(\.$personID == link.otherID).filter(\.$otherID == link.personID) }
            }.first()
        guard exists == nil else { throw APIError.conflict("already-linked", "these two people are already linked in one household") }
        try await req.db.transaction { db in
            try await req.audit("link", "person", link.personID, changes: ["household": [nil, link.otherID.uuidString]], on: db)
            try await link.save(on: db)
        }
        return Response(status: .created)
    }
}

enum PeopleQueries {
    /// A person the actor may see, by id; 404 otherwise (an existing person of another authority
    /// looks exactly like a missing one).
    static func find(_ idText: String?, actor: Actor, on db: any Database, field: String? = nil) async throws -> (PersonModel, LocalAuthorityModel) {
        guard let idText, let id = UUID(uuidString: idText) else {
            if let field { throw ValidationFailure([FieldProblem(field, "is not a person id")]) }
            throw APIError.notFound("the person")
        }
        guard let person = try await PersonModel.query(on: db).filter(\.$id == id).filter(\.$laID ~~ actor.authorityIDs).first(),
              let la = try await LocalAuthorityModel.find(person.laID, on: db)
        else {
            if let field { throw ValidationFailure([FieldProblem(field, "no person \(idText) in the local authorities you are granted")]) }
            throw APIError.notFound("the person")
        }
        try await Restrictions.requireOpen(person: id, to: actor, on: db)
        return (person, la)
    }

    /// The plausible matches for a query (`MatchResult.isPlausible`), best first: the candidates,
    /// each evaluated by the probabilistic model (docs/matching.md) with its prior set by the size
    /// of the population searched. Search and the duplicate guard both score this way.
    static func scored(_ probe: MatchQuery, candidatesFor query: PersonQuery, la: UUID, on db: any Database) async throws -> [(id: UUID, result: MatchResult)] {
        let candidates = try await candidates(for: query, la: la, on: db)
        let population = try await PopulationCounts.shared.count(of: la, on: db)
        let model = MatchModel.standard.withPopulation(max(population, 1))
        let prepared = PreparedQuery(probe)
        return candidates.compactMap { candidate -> (id: UUID, result: MatchResult)? in
            let result = model.evaluate(prepared, candidate.details, frequencies: nil)
            return result.isPlausible ? (candidate.id, result) : nil
        }
        .sorted { ($0.result.weight, $0.id.uuidString) > ($1.result.weight, $1.id.uuidString) }
    }

    /// The household links of a person, each with the other person of the link (merged records
    /// excluded: their links moved to the survivor).
    static func household(of personID: UUID, on db: any Database) async throws -> [(link: HouseholdLinkModel, other: PersonModel)] {
        let links = try await HouseholdLinkModel.query(on: db)
            .group(.or) { $0.filter(\.$personID == personID).filter(\.$otherID == personID) }
            .all()
        let otherIDs = links.map { $0.personID == personID ? $0.otherID : $0.personID }
        guard !otherIDs.isEmpty else { return [] }
        let others = try await PersonModel.query(on: db).filter(\.$id ~~ otherIDs).filter(\.$mergedInto == nil).all()
        let byID = Dictionary(others.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        return links.compactMap { link in
            byID[link.personID == personID ? link.otherID : link.personID].map { (link, $0) }
        }
    }

    /// Everyone who could match: the people sharing a blocking key with the query (docs/matching.md).
    /// A query without both names also looks for the surname or first name as typed, which no key
    /// holds alone. Scoring happens in the domain.
    static func candidates(for query: PersonQuery, la: UUID, on db: any Database) async throws -> [PersonKeys.Candidate] {
        var found = try await PersonKeys.candidates(for: query, la: la, on: db)
        if query.givenName == nil || query.familyName == nil {
            let seen = Set(found.map(\.id))
            found += try await PersonKeys.sameName(as: query, la: la, on: db).filter { !seen.contains($0.id) }
        }
        return found
    }
}

extension FrontDoorServices {
    /// Today's date in Europe/London.
    var today: LocalDate { WorkingCalendar(holidays: holidays).localDate(of: now()) }
}
