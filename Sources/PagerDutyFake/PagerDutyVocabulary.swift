/// The words of PagerDuty's REST API v2 that the fake checks, written down here from PagerDuty's
/// developer documentation and its OpenAPI document (`GET /incidents`), never taken from the
/// client: a client constant that drifts from PagerDuty's must fail against the fake.
enum PagerDutyVocabulary {
    /// The versioning media type (documentation, "Versioning"; OpenAPI `header_Accept`).
    static let mediaType = "application/vnd.pagerduty+json"
    /// The `version` parameter of that media type that selects REST API v2.
    static let version = "2"
    /// `statuses[]` (OpenAPI enum).
    static let statuses: Set<String> = ["triggered", "acknowledged", "resolved"]
    /// `urgencies[]` (OpenAPI enum).
    static let urgencies: Set<String> = ["high", "low"]
    /// `include[]` (OpenAPI enum).
    static let includes: Set<String> = [
        "acknowledgers", "agents", "assignees", "conference_bridge", "escalation_policies",
        "first_trigger_log_entries", "priorities", "services", "teams", "users",
    ]
    /// `sort_by` fields, from the parameter's description ("incident_number/created_at/resolved_at/urgency").
    static let sortFields: Set<String> = ["incident_number", "created_at", "resolved_at", "urgency"]

    /// True when an `Accept` header asks for REST API v2: one of its media ranges is
    /// `application/vnd.pagerduty+json` with `version=2` (case and spaces as HTTP allows).
    static func acceptsVersion2(_ header: String?) -> Bool {
        guard let header else { return false }
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = parts.first, type.lowercased() == mediaType else { continue }
            let parameters = parts.dropFirst().map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            if parameters.contains(where: { $0.count == 2 && $0[0].lowercased() == "version" && $0[1] == version }) {
                return true
            }
        }
        return false
    }
}
