import Fluent
import Foundation
import Vapor

/// A half-finished form, kept per user and form. Saved on every step of the form and by the page's
/// autosave script; removed when the form is finished.
final class DraftModel: Model, @unchecked Sendable {
    static let schema = "drafts"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "form") var form: String
    @Field(key: "data") var data: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

enum Drafts {
    /// The forms that keep drafts.
    static let forms: Set<String> = ["contact-new"]

    static func load(_ form: String, user: UUID, on db: any Database) async throws -> [String: String]? {
        guard let draft = try await DraftModel.query(on: db).filter(\.$userID == user).filter(\.$form == form).first() else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: Data(draft.data.utf8))
    }

    /// A draft left this long is removed: it holds personal data nobody has finished recording.
    static let keptFor: TimeInterval = 30 * 24 * 3600

    static func save(_ form: String, values: [String: String], user: UUID, req: Request) async throws {
        let data = String(decoding: try JSONEncoder.api.encode(values), as: UTF8.self)
        try await req.db.transaction { db in
            try await DraftModel.query(on: db).filter(\.$updatedAt < req.now.addingTimeInterval(-keptFor)).delete()
            let draft = try await DraftModel.query(on: db).filter(\.$userID == user).filter(\.$form == form).first() ?? {
                let new = DraftModel()
                new.userID = user
                new.form = form
                return new
            }()
            draft.data = data
            draft.updatedAt = req.now
            try await draft.save(on: db)
            // A draft holds what was typed about a child: writing it is audited like any record.
            try await req.audit("save", "draft", draft.id, on: db)
        }
    }

    static func discard(_ form: String, user: UUID, on db: any Database) async throws {
        try await DraftModel.query(on: db).filter(\.$userID == user).filter(\.$form == form).delete()
    }
}

extension StaffPages {
    /// The autosave of a form (`POST /drafts/:form`, form-encoded, with the form token): 204.
    func saveDraft(req: Request) async throws -> Response {
        let actor = try await req.signedInStaff()
        guard let form = req.parameters.get("form"), Drafts.forms.contains(form) else { throw APIError.notFound("the form") }
        try actor.require(.recordContact)
        let fields = FormFields(req)
        var values = fields.values
        values["action"] = nil
        values["pick"] = fields.all("pick").joined(separator: ",")
        try await Drafts.save(form, values: values, user: actor.userID, req: req)
        return Response(status: .noContent)
    }
}
