import Foundation
import JWTKit
import Vapor

/// The GOV.UK Notify email API: `POST /v2/notifications/email` with a JWT (HS256) whose `iss` is
/// the service id and `iat` the time of the request, signed with the secret part of the API key.
///
/// An API key is `{key name}-{service id}-{secret}`, the last two being UUIDs.
struct NotifyClient: MessageSender {
    let serviceID: String
    let secret: String
    let templateID: String
    let baseURL: String
    let client: any Client

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var iat: IssuedAtClaim

        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    init?(apiKey: String, templateID: String, baseURL: String = "https://api.notifications.service.gov.uk", client: any Client) {
        guard apiKey.count >= 74 else { return nil }
        let secret = String(apiKey.suffix(36))
        let service = String(apiKey.dropLast(37).suffix(36))
        guard UUID(uuidString: secret) != nil, UUID(uuidString: service) != nil else { return nil }
        self.serviceID = service
        self.secret = secret
        self.templateID = templateID
        self.baseURL = baseURL
        self.client = client
    }

    /// Configured by FRONTDOOR_NOTIFY_API_KEY and FRONTDOOR_NOTIFY_TEMPLATE_ID (a template whose
    /// personalisation has `subject` and `body`); nil keeps messages in the local mailbox.
    static func fromEnvironment(client: any Client, env: [String: String] = ProcessInfo.processInfo.environment) -> NotifyClient? {
        guard let key = env["FRONTDOOR_NOTIFY_API_KEY"], !key.isEmpty, let template = env["FRONTDOOR_NOTIFY_TEMPLATE_ID"], !template.isEmpty else { return nil }
        return NotifyClient(apiKey: key, templateID: template, baseURL: env["FRONTDOOR_NOTIFY_BASE_URL"] ?? "https://api.notifications.service.gov.uk", client: client)
    }

    func token(now: Date = Date()) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(Claims(iss: IssuerClaim(value: serviceID), iat: IssuedAtClaim(value: now)))
    }

    struct Email: Content {
        var email_address: String
        var template_id: String
        var personalisation: [String: String]
        var reference: String
    }

    struct Created: Content {
        var id: String
    }

    struct NotifyError: Error, CustomStringConvertible {
        let status: UInt
        var description: String { "Notify answered \(status)" }
    }

    func send(_ message: OutboxMessageModel) async throws -> String {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: try await token())
        let response = try await client.post(URI(string: baseURL + "/v2/notifications/email"), headers: headers) { req in
            try req.content.encode(Email(
                email_address: message.toEmail, template_id: templateID,
                personalisation: ["subject": message.subject, "body": message.body], reference: message.reference
            ), as: .json)
        }
        guard response.status == .created else { throw NotifyError(status: response.status.code) }
        return try response.content.decode(Created.self).id
    }
}
