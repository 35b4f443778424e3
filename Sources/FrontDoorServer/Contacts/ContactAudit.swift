import FrontDoorDomain
import Foundation

extension ContactModel {
    /// Fields whose words are about the family: the audit trail records that they changed, never what they say.
    static let freeTextFields: Set<String> = ["strengths", "risks", "decision_reason", "narrative", "consent_reason"]

    /// The fields a step can change, as text, for the audit trail's before and after.
    var auditSnapshot: [String: String?] {
        [
            "state": state, "worker_id": workerID?.uuidString, "rag": rag, "proposed_outcome": proposedOutcome,
            "outcome": outcome, "closure": closure, "decided_at": decidedAt.map(RFC3339.format),
            "decided_by": decidedBy?.uuidString, "version": String(version),
            "strengths": strengths, "risks": risks, "decision_reason": decisionReason,
        ]
    }

    /// Field → [before, after] for the fields that changed; free text is marked, never copied.
    static func changes(from before: [String: String?], to after: [String: String?], freeText: Set<String> = freeTextFields) -> [String: [String?]] {
        var result: [String: [String?]] = [:]
        for (key, old) in before {
            let new = after[key] ?? nil
            guard old != new else { continue }
            result[key] = freeText.contains(key) ? [old == nil ? nil : "(text)", new == nil ? nil : "(changed)"] : [old, new]
        }
        return result
    }

    /// A detached copy, to work out a step's result before writing it.
    static func copy(of contact: ContactModel) -> ContactModel {
        let copy = ContactModel()
        copy.id = contact.id
        copy.receivedAt = contact.receivedAt
        copy.state = contact.state
        copy.workerID = contact.workerID
        copy.rag = contact.rag
        copy.strengths = contact.strengths
        copy.risks = contact.risks
        copy.proposedOutcome = contact.proposedOutcome
        copy.outcome = contact.outcome
        copy.closure = contact.closure
        copy.decisionReason = contact.decisionReason
        copy.decidedAt = contact.decidedAt
        copy.decidedBy = contact.decidedBy
        copy.version = contact.version
        return copy
    }
}
