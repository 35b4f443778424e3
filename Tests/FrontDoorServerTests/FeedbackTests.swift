import Fluent
import Foundation
import JWTKit
@testable import FrontDoorServer
import FrontDoorDomain
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@Suite("Feedback to referrers")
struct FeedbackTests {
    static let apiKey = "frontdoor_test-" + "26785a09-ab16-4eb0-8407-a37497a57506" + "-" + "3d844edf-8d35-48ac-975b-e847b4f122b0"

    @Test("a decision queues plain-words feedback to the referrer, kept in the local mailbox without a Notify key", arguments: TestDatabase.all)
    func localMailbox(db: TestDatabase) async throws {
        try await withTestApp(db) { app, f in
            var body = minimalContact()
            body["referrer"] = ["name": "A Teacher", "organisation": "Primary school", "email": "teacher@school.example"]
            var id = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(body)
            }, afterResponse: { res in id = res.json["id"] as? String ?? "" })
            try await step(app, f, .teamManager, id, "decision", ["outcome": "early-help", "reason": "Family support offered."], expect: .ok)
            let delivered = try await OutboxDelivery(db: app.db, sender: nil).deliverDue(now: f.clock.now)
            #expect(delivered == 1)
            try await app.testing().test(.GET, "api/v1/outbox", headers: f.auth(.administrator)) { res in
                #expect(res.status == .ok)
                let message = res.jsonArray.first
                #expect(message?["to"] as? String == "teacher@school.example")
                #expect(message?["status"] as? String == "kept-locally")
                let text = message?["body"] as? String ?? ""
                #expect(text.contains("early help"))
                // No sensitive detail: not the child's name, not the narrative, not the reason.
                #expect(!text.contains("Ava") && !text.contains("Testchild") && !text.contains("domestic") && !text.contains("Family support offered"))
            }
            // A referral's decision is fed back too.
            var referred = minimalContact()
            referred["referrer"] = ["name": "A Health Visitor", "email": "hv@nhs.example"]
            var contact = ""
            try await app.testing().test(.POST, "api/v1/contacts", beforeRequest: { req in
                req.headers = f.auth(.triageWorker)
                try req.json(referred)
            }, afterResponse: { res in contact = res.json["id"] as? String ?? "" })
            try await step(app, f, .teamManager, contact, "decision", ["outcome": "referral", "reason": "Threshold met."], expect: .ok)
            let referral = try #require(try await ReferralModel.query(on: app.db).filter(\.$contactID == UUID(uuidString: contact)).first())
            try await ReferralAPITests.referralStep(app, f, .teamManager, try referral.requireID().uuidString, "decision", ["outcome": "strategy-discussion", "reason": "Risk."], expect: .ok)
            let toHealthVisitor = try await OutboxMessageModel.query(on: app.db).filter(\.$toEmail == "hv@nhs.example").sort(\.$createdAt).all()
            #expect(toHealthVisitor.count == 2)
            #expect(toHealthVisitor.contains { $0.body.contains("a social work team will now work with the family") })
            try await OutboxMessageModel.query(on: app.db).filter(\.$toEmail == "hv@nhs.example").delete()
            // The local mailbox page, for a signed-in administrator.
            let admin = try #require(try await UserModel.find(f.userIDs[.administrator], on: app.db))
            admin.passwordHash = try Bcrypt.hash("copper kettle morning rain", cost: 4)
            admin.mustChangePassword = false
            try await admin.save(on: app.db)
            let browser = Browser(app)
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", form: ["email": "administrator@test.example", "password": "copper kettle morning rain"])
            try await browser.get("/mailbox") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("teacher@school.example"))
                #expect(res.body.string.contains("early help"))
            }
            // A contact with no referrer email queues nothing.
            let other = try await createContact(app, f)
            try await step(app, f, .teamManager, other, "decision", ["outcome": "closed", "reason": "NFA"], expect: .ok)
            #expect(try await OutboxMessageModel.query(on: app.db).count() == 1)
        }
    }

    @Test("the Notify client signs an HS256 token with the service id and sends the email; failures are retried with backoff")
    func notifyClient() async throws {
        // A local stand-in for GOV.UK Notify that checks the token and the body as Notify would.
        let double = try await Application.make(.testing)
        let seen = NIOLockedValueBox<[String]>([])
        let fail = NIOLockedValueBox(true)
        double.post("v2", "notifications", "email") { req async throws -> Response in
            guard let token = req.headers.bearerAuthorization?.token else { return Response(status: .forbidden) }
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: "3d844edf-8d35-48ac-975b-e847b4f122b0"), digestAlgorithm: .sha256)
            let claims = try await keys.verify(token, as: NotifyClient.Claims.self)
            guard claims.iss.value == "26785a09-ab16-4eb0-8407-a37497a57506", abs(claims.iat.value.timeIntervalSinceNow) < 30 else {
                return Response(status: .forbidden)
            }
            let email = try req.content.decode(NotifyClient.Email.self)
            guard email.template_id == "f33517ff-2a88-4f6e-b855-c550268ce08a", email.personalisation["body"] != nil else {
                return Response(status: .badRequest)
            }
            if fail.withLockedValue({ $0 }) { return Response(status: .internalServerError) }
            seen.withLockedValue { $0.append(email.email_address) }
            let response = Response(status: .created)
            try response.content.encode(NotifyClient.Created(id: "notify-1"))
            return response
        }
        let port = Int.random(in: 41_000...49_000)
        do {
            try await double.server.start(address: .hostname("127.0.0.1", port: port))
            try await withTestApp(.sqlite) { app, f in
                let client = try #require(NotifyClient(apiKey: Self.apiKey, templateID: "f33517ff-2a88-4f6e-b855-c550268ce08a", baseURL: "http://127.0.0.1:\(port)", client: app.client))
                #expect(client.serviceID == "26785a09-ab16-4eb0-8407-a37497a57506")
                let la = try #require(try await LocalAuthorityModel.query(on: app.db).first())
                try await ReferrerFeedback.enqueue(laID: la.requireID(), to: "gp@surgery.example", subject: "s", body: "b", reference: "FD-1", on: app.db, now: f.clock.now)
                let delivery = OutboxDelivery(db: app.db, sender: client)
                // Notify is down: the message waits 30 seconds, then a minute.
                #expect(try await delivery.deliverDue(now: f.clock.now) == 0)
                var message = try #require(try await OutboxMessageModel.query(on: app.db).first())
                #expect(message.status == "pending" && message.attempts == 1)
                #expect(message.nextAttemptAt == f.clock.now.addingTimeInterval(30))
                #expect(try await delivery.deliverDue(now: f.clock.now.addingTimeInterval(10)) == 0)
                fail.withLockedValue { $0 = false }
                #expect(try await delivery.deliverDue(now: f.clock.now.addingTimeInterval(31)) == 1)
                message = try #require(try await OutboxMessageModel.query(on: app.db).first())
                #expect(message.status == "sent" && message.providerID == "notify-1" && message.attempts == 2)
                #expect(seen.withLockedValue { $0 } == ["gp@surgery.example"])
            }
        } catch {
            await double.server.shutdown()
            try? await double.asyncShutdown()
            throw error
        }
        await double.server.shutdown()
        try await double.asyncShutdown()
        #expect(OutboxDelivery.backoff(afterAttempt: 2) == 60)
        #expect(OutboxDelivery.backoff(afterAttempt: 20) == 6 * 3600)
    }
}
