import Fluent
import Vapor

/// `frontdoor la create --code CODE --name NAME [--child-population N]`, `frontdoor la list`.
struct LocalAuthorityCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create or list")
        var action: String
        @Option(name: "code", help: "three-digit DfE LA number, e.g. 850")
        var code: String?
        @Option(name: "name", help: "the authority's name")
        var name: String?
        @Option(name: "child-population", help: "children aged 0-17, for rates per 10,000")
        var childPopulation: Int?
    }

    var help: String { "Adds or lists local authorities" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        switch signature.action {
        case "create":
            guard let code = signature.code, LocalAuthorityModel.isValidCode(code) else {
                throw CommandFailure("--code must be a three-digit DfE LA number, e.g. 850")
            }
            guard let name = signature.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw CommandFailure("--name is required")
            }
            if try await LocalAuthorityModel.query(on: db).filter(\.$code == code).first() != nil {
                throw CommandFailure("local authority \(code) already exists")
            }
            if let population = signature.childPopulation, population < 0 {
                throw CommandFailure("--child-population must not be negative")
            }
            try await LocalAuthorityModel(code: code, name: name, childPopulation: signature.childPopulation).save(on: db)
            context.console.print("created local authority \(code) \(name)")
        case "list":
            for la in try await LocalAuthorityModel.query(on: db).sort(\.$code).all() {
                context.console.print("\(la.code)\t\(la.name)")
            }
        default:
            throw CommandFailure("unknown action '\(signature.action)': use create or list")
        }
    }
}

/// A command's refusal: one line on standard error and a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
