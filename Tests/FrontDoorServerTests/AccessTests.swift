import Fluent
import Foundation
@testable import FrontDoorServer
import FrontDoorDomain
import Testing
import VaporTesting

@Suite("Signing in, roles and local authorities")
struct AccessTests {
    @Test("no token, an unknown token and an expired token are all 401", arguments: TestDatabase.all)
    func tokens(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await app.testing().test(.GET, "api/v1/contacts") { res in
                #expect(res.status == .unauthorized)
                #expect(res.errorCode == "unauthenticated")
                #expect(res.headers.first(name: .wwwAuthenticate) == "Bearer")
            }
            try await app.testing().test(.GET, "api/v1/contacts", headers: f.header("fd_forged")) { res in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.GET, "api/v1/me", headers: f.auth(.analyst)) { res in
                #expect(res.status == .ok)
                #expect(res.json["role"] as? String == "analyst")
                #expect(res.json["localAuthorities"] as? [String] == ["850", "921"])
            }
            // Tokens from the fixture last 30 days.
            f.clock.set(wednesdayMorning.addingTimeInterval(31 * 86_400))
            try await app.testing().test(.GET, "api/v1/me", headers: f.auth(.analyst)) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test("a revoked token stops working at once", arguments: TestDatabase.all)
    func revoked(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await app.testing().test(.GET, "api/v1/me", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .ok)
            }
            let hash = APITokens.hash(f.tokens[.triageWorker] ?? "")
            let token = try #require(try await APITokenModel.query(on: app.db).filter(\.$tokenHash == hash).first())
            token.revokedAt = f.clock.now
            try await token.save(on: app.db)
            try await app.testing().test(.GET, "api/v1/me", headers: f.auth(.triageWorker)) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test("who a token or session belongs to: every authority granted, none for a user granted none, nobody for a disabled user, an expired or a revoked token", arguments: TestDatabase.all)
    func actorLoading(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let now = f.clock.now
            let las = try await LocalAuthorityModel.query(on: app.db).all()
            let byCode = Dictionary(uniqueKeysWithValues: las.map { ($0.code, try! $0.requireID()) })
            // A partner officer granted both authorities, through a token limited to sending contacts.
            let officer = try #require(f.userIDs[.partnerAgencyOfficer])
            let limited = try await APITokens.issue(for: officer, label: "feed", scope: .contactsCreate, validFor: 1, now: now, on: app.db)
            let actor = try #require(try await ActorLoader.load(tokenHash: APITokens.hash(limited), now: now, on: app.db))
            #expect(actor.userID == officer && actor.role == .partnerAgencyOfficer && actor.agency == Agency.police.rawValue)
            #expect(actor.authorities == [byCode["850"]!: "850", byCode["921"]!: "921"])
            #expect(actor.scope == .contactsCreate && actor.name == "Test \(Role.partnerAgencyOfficer.label)")
            let session = try #require(try await ActorLoader.load(userID: officer, on: app.db))
            #expect(session.authorities == actor.authorities && session.scope == .user)

            // A user granted nothing is signed in and sees nothing.
            let loner = UserModel(email: "loner@test.example", name: "No Authority", role: .triageWorker, passwordHash: "x")
            try await loner.save(on: app.db)
            let lonerToken = try await APITokens.issue(for: loner.requireID(), label: "t", validFor: 1, now: now, on: app.db)
            let alone = try #require(try await ActorLoader.load(tokenHash: APITokens.hash(lonerToken), now: now, on: app.db))
            #expect(alone.authorities.isEmpty && alone.role == .triageWorker && alone.agency == nil)

            // Expired (at its expiry instant), unknown, and a disabled user: nobody.
            let short = try await APITokens.issue(for: officer, label: "short", scope: .user, expiresAt: now.addingTimeInterval(60), on: app.db)
            #expect(try await ActorLoader.load(tokenHash: APITokens.hash(short), now: now.addingTimeInterval(59), on: app.db) != nil)
            #expect(try await ActorLoader.load(tokenHash: APITokens.hash(short), now: now.addingTimeInterval(60), on: app.db) == nil)
            #expect(try await ActorLoader.load(tokenHash: APITokens.hash("fd_unknown"), now: now, on: app.db) == nil)
            #expect(try await ActorLoader.load(userID: UUID(), on: app.db) == nil)
            loner.disabledAt = now
            try await loner.save(on: app.db)
            #expect(try await ActorLoader.load(tokenHash: APITokens.hash(lonerToken), now: now, on: app.db) == nil)
            #expect(try await ActorLoader.load(userID: loner.requireID(), on: app.db) == nil)
        }
    }

    @Test("a partner system's token may send contacts and nothing else, even for a manager's account", arguments: TestDatabase.all)
    func partnerSystemToken(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let feed = try await APITokens.issue(
                for: try #require(f.userIDs[.teamManager]), label: "police feed", scope: .contactsCreate, validFor: 30, now: f.clock.now, on: app.db
            )
            var id = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.header(feed)
                try req.json(minimalContact())
            }, afterResponse: { res in
                #expect(res.status == .created)
                id = res.json["id"] as? String ?? ""
            })
            try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.header(feed)) { res in
                #expect(res.status == .forbidden)
                #expect((res.json["error"] as? [String: Any])?["message"] as? String == "this token is limited to contacts:create and does not allow contact.view")
            }
            try await app.testing().test(.POST, "api/v1/contacts/\(id)/decision", beforeRequest: { req in
                req.headers = f.header(feed)
                try req.json(["outcome": "closed", "reason": "x"])
            }, afterResponse: { res in
                #expect(res.status == .forbidden)
            })
            try await app.testing().test(.GET, "api/v1/me", headers: f.header(feed)) { res in
                #expect(res.json["permissions"] as? [String] == ["contact.record"])
            }
        }
    }

    @Test("each role gets exactly what the permission matrix grants on contacts", arguments: TestDatabase.all)
    func roles(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            for role in Role.allCases {
                try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                    req.headers = f.auth(role)
                    try req.json(minimalContact())
                }, afterResponse: { res in
                    let allowed = PermissionMatrix.allows(role, .recordContact)
                    #expect(res.status == (allowed ? .created : .forbidden), "record as \(role.rawValue)")
                })
                try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(role)) { res in
                    let allowed = PermissionMatrix.allows(role, .viewContacts)
                    #expect(res.status == (allowed ? .ok : .forbidden), "view as \(role.rawValue)")
                }
                try await app.testing().test(.GET, "api/v1/people/search?la=850&familyName=Testchild", headers: f.auth(role)) { res in
                    let allowed = PermissionMatrix.allows(role, .searchPeople)
                    #expect(res.status == (allowed ? .ok : .forbidden), "search as \(role.rawValue)")
                }
            }
            for role in Role.allCases where !role.isManager {
                try await step(app, f, role, id, "decision", ["outcome": "closed", "reason": "x"], expect: .forbidden)
            }
        }
    }

    @Test("a user granted only the Isle of Wight sees nothing of Hampshire", arguments: TestDatabase.all)
    func tenantIsolation(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let hampshireContact = try await createContact(app, f)
            try await app.testing().test(.GET, "api/v1/contacts/\(hampshireContact)", headers: f.header(f.islandOnlyToken)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.header(f.islandOnlyToken)
                try req.json(minimalContact(la: "850"))
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["la"])
            })
            var islandContact = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.header(f.islandOnlyToken)
                try req.json(minimalContact(la: "921"))
            }, afterResponse: { res in
                #expect(res.status == .created)
                islandContact = res.json["id"] as? String ?? ""
            })
            try await app.testing().test(.GET, "api/v1/contacts", headers: f.header(f.islandOnlyToken)) { res in
                let ids = (res.json["contacts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == [islandContact])
            }
            try await app.testing().test(.GET, "api/v1/local-authorities", headers: f.header(f.islandOnlyToken)) { res in
                #expect(res.jsonArray.compactMap { $0["code"] as? String } == ["921"])
            }
            // Naming a Hampshire child in an island contact is refused.
            let child = try #require(try await PersonModel.query(on: app.db).filter(\.$familyName == "Testchild").first())
            var body = minimalContact(la: "921")
            body["children"] = [["personId": try child.requireID().uuidString]]
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.header(f.islandOnlyToken)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["children[0].personId"])
            })
        }
    }

    @Test("reading and changing a contact writes audit rows without its content", arguments: TestDatabase.all)
    func audit(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let id = try await createContact(app, f)
            try await app.testing().test(.GET, "api/v1/contacts/\(id)", headers: f.auth(.mashSocialWorker)) { res in
                #expect(res.status == .ok)
            }
            let rows = try await AuditEventModel.query(on: app.db).filter(\.$recordID == UUID(uuidString: id)).sort(\.$at).all()
            #expect(rows.map(\.action) == ["create", "read"])
            #expect(rows.last?.actorID == f.userIDs[.mashSocialWorker])
            #expect(rows.last?.route == "GET /api/v1/contacts/:contactID")
        }
    }
}

@Suite("Service routes")
struct ServiceRouteTests {
    @Test("health answers ok once the database answers", arguments: TestDatabase.all)
    func health(db: TestDatabase) async throws {
        try await withTestApp(db) { app, _ in
            try await app.testing().test(.GET, "health") { res in
                #expect(res.status == .ok)
                #expect(res.json["status"] as? String == "ok")
            }
        }
    }

    @Test("the OpenAPI document describes every API route the server has, and no other", arguments: [TestDatabase.sqlite])
    func openAPI(db: TestDatabase) async throws {
        try await withTestApp(db) { app, _ in
            var paths: [String: Any] = [:]
            try await app.testing().test(.GET, "openapi.json") { res in
                #expect(res.status == .ok)
                #expect(res.json["openapi"] as? String == "3.1.0")
                paths = res.json["paths"] as? [String: Any] ?? [:]
            }
            var documented: Set<String> = []
            for (path, value) in paths {
                for method in (value as? [String: Any] ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let served = Set(app.routes.all.map { route -> String in
                let path = route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            }.filter { $0.contains("/api/v1/") })
            #expect(documented.filter { $0.contains("/api/v1/") } == served)
        }
    }
}

@Suite("Local authority settings")
struct LocalAuthoritySettingsTests {
    @Test("an administrator sets an authority's hours and clocks, and new clocks follow them", arguments: TestDatabase.all)
    func settings(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            let change: [String: Any] = ["workingHours": ["start": "08:30", "end": "17:30", "weekdays": [1, 2, 3, 4]], "clockMinutes": ["red": 120]]
            try await app.testing().test(.PATCH, "api/v1/local-authorities/850", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(change)
            }, afterResponse: { res in
                #expect(res.status == .forbidden)
            })
            try await app.testing().test(.PATCH, "api/v1/local-authorities/850", beforeRequest: { req in
                req.headers = f.auth(.administrator)
                try req.json(change)
            }, afterResponse: { res in
                #expect(res.status == .ok)
                #expect((res.json["workingHours"] as? [String: Any])?["start"] as? String == "08:30")
                #expect((res.json["clockMinutes"] as? [String: Any])?["red"] as? Int == 120)
                #expect((res.json["clockMinutes"] as? [String: Any])?["amber"] as? Int == 480)
            })
            try await app.testing().test(.PATCH, "api/v1/local-authorities/850", beforeRequest: { req in
                req.headers = f.auth(.administrator)
                try req.json(["workingHours": ["start": "18:00", "end": "9:00"], "clockMinutes": ["purple": 5, "red": 0]])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(res.problemFields) == ["workingHours", "clockMinutes.purple", "clockMinutes.red"])
            })
            // A red contact received at 16:30 on Thursday 5 November: an hour on Thursday, then the
            // four-day week skips Friday, so the last hour runs 08:30-09:30 on Monday.
            var body = minimalContact(receivedAt: "2026-11-05T16:30:00Z")
            body["rag"] = "red"
            f.clock.set(ISO8601DateFormatter().date(from: "2026-11-05T17:00:00Z")!)
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in
                #expect(res.status == .created)
                #expect(res.json["decisionDueAt"] as? String == "2026-11-09T09:30:00Z")
            })
        }
    }
}

@Suite("Signing in with a password")
struct SignInTests {
    static func makeUser(_ app: Application, password: String, mustChange: Bool) async throws {
        let user = UserModel(email: "pat@test.example", name: "Pat Signin", role: .triageWorker, passwordHash: try Bcrypt.hash(password, cost: 4))
        user.mustChangePassword = mustChange
        try await user.save(on: app.db)
    }

    static func signIn(_ app: Application, _ password: String, email: String = "pat@test.example", _ check: (TestingHTTPResponse) -> Void) async throws {
        try await app.testing().test(.POST, "api/v1/auth/token", beforeRequest: { req in
            try req.json(["email": email, "password": password])
        }, afterResponse: { res in check(res) })
    }

    @Test("a one-time password only lets the user set a new one, which must follow the policy", arguments: TestDatabase.all)
    func oneTimePassword(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await Self.makeUser(app, password: "OneTime-7xk2", mustChange: true)
            var token = ""
            try await Self.signIn(app, "OneTime-7xk2") { res in
                #expect(res.status == .ok)
                #expect(res.json["mustChangePassword"] as? Bool == true)
                token = res.json["token"] as? String ?? ""
            }
            try await app.testing().test(.GET, "api/v1/contacts", headers: f.header(token)) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.POST, "api/v1/me/password", beforeRequest: { req in
                req.headers = f.header(token)
                try req.json(["currentPassword": "OneTime-7xk2", "newPassword": "short"])
            }, afterResponse: { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.problemFields == ["newPassword"])
            })
            try await app.testing().test(.POST, "api/v1/me/password", beforeRequest: { req in
                req.headers = f.header(token)
                try req.json(["currentPassword": "OneTime-7xk2", "newPassword": "copper kettle morning rain"])
            }, afterResponse: { res in
                #expect(res.status == .noContent)
            })
            // The old token is revoked; the new password gives a full token.
            try await app.testing().test(.GET, "api/v1/me", headers: f.header(token)) { res in
                #expect(res.status == .unauthorized)
            }
            try await Self.signIn(app, "copper kettle morning rain") { res in
                #expect(res.status == .ok)
                #expect(res.json["mustChangePassword"] as? Bool == false)
                token = res.json["token"] as? String ?? ""
            }
            try await app.testing().test(.GET, "api/v1/contacts", headers: f.header(token)) { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test("five wrong passwords lock the account for fifteen minutes; unknown emails get the same refusal", arguments: TestDatabase.all)
    func lockout(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            try await Self.makeUser(app, password: "copper kettle morning rain", mustChange: false)
            try await Self.signIn(app, "whatever", email: "nobody@test.example") { res in
                #expect(res.status == .unauthorized)
                #expect(res.errorCode == "sign-in-refused")
            }
            for _ in 0..<5 {
                try await Self.signIn(app, "wrong password here") { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.errorCode == "sign-in-refused")
                }
            }
            try await Self.signIn(app, "copper kettle morning rain") { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.errorCode == "locked")
            }
            f.clock.set(f.clock.now.addingTimeInterval(16 * 60))
            try await Self.signIn(app, "copper kettle morning rain") { res in
                #expect(res.status == .ok)
            }
        }
    }
}
