import Foundation

/// Why a priority given to an incident write is not one the account has.
struct PriorityProblem: Error {
    var reason: String
}

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
        if let policy = fields["escalation_policy"] as? [String: Any], let id = policy["id"] as? String, directory.escalationPolicy(id) == nil {
            return "escalation policy \(id) not found"
        }
        if let title = fields["title"] {
            guard let title = title as? String, !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "title must be a non-empty string" }
        }
        if let urgency = fields["urgency"] {
            guard let urgency = urgency as? String, ["high", "low"].contains(urgency) else { return "urgency must be high or low" }
        }
        if let priority = fields["priority"] {
            if case .failure(let problem) = resolvePriority(priority) { return problem.reason }
        }
        if let level = fields["escalation_level"] {
            guard let number = level as? NSNumber, number.doubleValue == number.doubleValue.rounded(),
                  number.intValue >= 1 else { return "escalation_level must be an integer of at least 1" }
        }
        return nil
    }

    /// A priority given as `{"id", "type": "priority_reference"}` (the id must exist) or as its name.
    func resolvePriority(_ value: Any) -> Result<RESTDirectory.Priority?, PriorityProblem> {
        if value is NSNull { return .success(nil) }
        if let name = value as? String {
            guard let found = directory.priorities.first(where: { $0.name == name }) else { return .failure(PriorityProblem(reason: "priority \(name) not found")) }
            return .success(found)
        }
        guard let reference = value as? [String: Any], let id = reference["id"] as? String,
              reference["type"] as? String == "priority_reference" else {
            return .failure(PriorityProblem(reason: "priority needs an id and type priority_reference"))
        }
        guard let found = directory.priority(id) else { return .failure(PriorityProblem(reason: "priority \(id) not found")) }
        return .success(found)
    }

    /// The escalation policy an incident is on: its own when the directory knows it, else its service's.
    func policyID(of incident: FakeIncident) -> String? {
        let object = Book.parse(incident.json)
        if let id = (object["escalation_policy"] as? [String: Any])?["id"] as? String, directory.escalationPolicy(id) != nil { return id }
        return directory.service(incident.serviceID)?.escalationPolicyID
    }

    /// Why `escalation_level` is beyond the levels of the policy the incident will be on, or nil.
    func checkLevel(_ id: String, _ fields: [String: Any]) -> String? {
        guard let level = (fields["escalation_level"] as? NSNumber)?.intValue, let index = position[id] else { return nil }
        let policyID = ((fields["escalation_policy"] as? [String: Any])?["id"] as? String) ?? policyID(of: all[index])
        let levels = policyID.flatMap { directory.escalationPolicy($0) }?.rules.count ?? 1
        guard level <= levels else {
            return "escalation_level must be between 1 and \(levels), the levels of escalation policy \(policyID ?? "(none)")"
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
            if status == "acknowledged" {
                let acknowledgement: [String: Any] = [
                    "at": IncidentGenerator.format(now),
                    "acknowledger": ["id": user, "type": "user_reference", "summary": directory.userName(user),
                                     "self": "https://api.pagerduty.com/users/\(user)"],
                ]
                object["acknowledgements"] = (object["acknowledgements"] as? [Any] ?? []) + [acknowledgement]
            } else if status == "triggered" {
                object["acknowledgements"] = [Any]()
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
            let name = directory.escalationPolicy(policyID)?.name ?? "Policy \(policyID)"
            object["escalation_policy"] = ["id": policyID, "type": "escalation_policy_reference", "summary": name]
            log(id, "escalate_log_entry", now, "Escalation policy changed to \(name) (\(policyID)) by \(user)")
        }
        if let title = fields["title"] as? String, title != incident.title {
            incident.title = title
            object["title"] = title
            object["summary"] = "[#\(incident.number)] \(title)"
            log(id, "annotate_log_entry", now, "Title changed to \(title) by \(user)")
        }
        if let urgency = fields["urgency"] as? String, urgency != incident.urgency {
            incident.urgency = urgency
            object["urgency"] = urgency
            log(id, "urgency_change_log_entry", now, "Urgency changed to \(urgency) by \(user)")
        }
        if let value = fields["priority"], case .success(let priority) = resolvePriority(value) {
            object["priority"] = priority.map { ["id": $0.id, "type": "priority_reference", "summary": $0.name,
                                                 "self": "https://api.pagerduty.com/priorities/\($0.id)"] as Any } ?? NSNull()
            log(id, "priority_change_log_entry", now, "Priority changed to \(priority?.name ?? "none") by \(user)")
        }
        if let level = (fields["escalation_level"] as? NSNumber)?.intValue {
            object["escalation_level"] = level
            log(id, "escalate_log_entry", now, "Escalated to level \(level) by \(user)")
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
                ? ["id": "PPRIO01", "type": "priority_reference", "summary": "P1",
                   "self": "https://api.pagerduty.com/priorities/PPRIO01"] as [String: Any] as Any : NSNull() as Any
        }
        if object["acknowledgements"] == nil { object["acknowledgements"] = [Any]() }
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
