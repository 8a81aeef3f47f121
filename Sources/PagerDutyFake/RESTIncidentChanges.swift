import Foundation

/// The changes the fake's incident endpoints make, checked the way PagerDuty checks them, each
/// called with the book's lock held (see `FakeIncidentBook`).
extension FakeIncidentBook.Ledger {
    private typealias Book = FakeIncidentBook

    /// Why the update fields are not what the API accepts, or nil.
    func check(_ fields: [String: Any]) -> String? {
        if let status = fields["status"] {
            guard let status = status as? String, ["triggered", "acknowledged", "resolved"].contains(status) else {
                return "status must be triggered, acknowledged or resolved"
            }
        }
        if let assignments = fields["assignments"] {
            guard let list = assignments as? [Any], !list.isEmpty else { return "assignments must be a non-empty array" }
            for assignment in list {
                guard let assignee = (assignment as? [String: Any])?["assignee"] as? [String: Any],
                      assignee["id"] is String, assignee["type"] as? String == "user_reference" else {
                    return "every assignment needs an assignee with an id and type user_reference"
                }
            }
        }
        if let policy = fields["escalation_policy"] {
            guard let policy = policy as? [String: Any], policy["id"] is String,
                  policy["type"] as? String == "escalation_policy_reference" else {
                return "escalation_policy needs an id and type escalation_policy_reference"
            }
        }
        if fields["assignments"] != nil, fields["escalation_policy"] != nil {
            return "give assignments or escalation_policy, not both"
        }
        return nil
    }

    /// Applies checked update fields to one incident and returns it.
    mutating func apply(id: String, fields: [String: Any], user: String, now: Int) -> FakeIncident {
        guard let index = position[id] else { preconditionFailure("apply is called for known ids only") }
        var incident = all[index]
        var object = Book.parse(incident.json)
        if let status = fields["status"] as? String, status != incident.status {
            let type = ["acknowledged": "acknowledge_log_entry", "resolved": "resolve_log_entry", "triggered": "trigger_log_entry"][status]!
            log(id, type, now, "\(status.capitalized) by \(user)")
            incident.status = status
            incident.resolvedAt = status == "resolved" ? now : nil
            object["status"] = status
            object["resolved_at"] = status == "resolved" ? IncidentGenerator.format(now) as Any : NSNull() as Any
            object["last_status_change_at"] = IncidentGenerator.format(now)
            if status == "resolved" {
                incident.assigneeIDs = []
                object["assignments"] = [Any]()
            }
        }
        if let assignments = fields["assignments"] as? [[String: Any]] {
            let users = assignments.compactMap { ($0["assignee"] as? [String: Any])?["id"] as? String }
            incident.assigneeIDs = users
            object["assignments"] = users.map { userID -> [String: Any] in
                ["at": IncidentGenerator.format(now),
                 "assignee": ["id": userID, "type": "user_reference", "summary": Book.userName(userID)]]
            }
            log(id, "assign_log_entry", now, "Assigned to \(users.joined(separator: ", ")) by \(user)")
        }
        if let policy = fields["escalation_policy"] as? [String: Any], let policyID = policy["id"] as? String {
            object["escalation_policy"] = ["id": policyID, "type": "escalation_policy_reference", "summary": "Policy \(policyID)"]
            log(id, "escalate_log_entry", now, "Escalated to \(policyID) by \(user)")
        }
        object["updated_at"] = IncidentGenerator.format(now)
        incident.json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? incident.json
        all[index] = incident
        changes += 1
        return incident
    }

    /// The incident as `GET /incidents/{id}` shows it: the listed fields plus those a detail view needs.
    func detail(_ incident: FakeIncident) -> [String: Any] {
        var object = Book.parse(incident.json)
        if object["escalation_policy"] == nil {
            object["escalation_policy"] = ["id": "PESC001", "type": "escalation_policy_reference", "summary": "Default escalation"]
        }
        if object["priority"] == nil {
            object["priority"] = incident.urgency == "high"
                ? ["id": "PPRI001", "type": "priority", "name": "P1", "summary": "P1"] as [String: Any] as Any : NSNull() as Any
        }
        if object["last_status_change_at"] == nil { object["last_status_change_at"] = object["updated_at"] ?? NSNull() }
        let alerts = alertsByID[incident.id] ?? 1
        let open = incident.status == "resolved" ? 0 : alerts
        object["alert_counts"] = ["all": alerts, "triggered": open, "resolved": alerts - open]
        return object
    }

    mutating func log(_ id: String, _ type: String, _ time: Int, _ summary: String) {
        logByID[id, default: []].append(Book.LogEntry(id: newID("PLOG"), type: type, createdAt: time, summary: summary))
    }

    mutating func newID(_ prefix: String) -> String {
        defer { nextID += 1 }
        return prefix + String(format: "%06d", nextID)
    }
}
