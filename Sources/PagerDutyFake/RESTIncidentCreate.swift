import Foundation

/// `POST /incidents`, checked the way PagerDuty's OpenAPI document describes it: `incident.type`
/// "incident", a `title`, a `service` reference that exists, `urgency` high or low, a `priority`
/// and an `escalation_policy` that exist, `assignments` or `escalation_policy` but not both, and no
/// open incident on the same service with the same `incident_key`. Called with the book's lock held.
extension FakeIncidentBook.Ledger {
    private typealias Book = FakeIncidentBook

    mutating func create(_ body: [String: Any], user: String, now: Int) -> FakeResponse {
        guard let fields = body["incident"] as? [String: Any] else { return Book.invalid("incident must be an object") }
        guard fields["type"] as? String == "incident" else { return Book.invalid("incident.type must be incident") }
        guard let title = fields["title"] as? String, !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return Book.invalid("incident.title is required")
        }
        guard let serviceReference = fields["service"] as? [String: Any], let serviceID = serviceReference["id"] as? String,
              serviceReference["type"] as? String == "service_reference" else {
            return Book.invalid("incident.service needs an id and type service_reference")
        }
        guard let service = directory.service(serviceID) else { return Book.invalid("service \(serviceID) not found") }
        var urgency = "high"
        if let value = fields["urgency"] {
            guard let value = value as? String, ["high", "low"].contains(value) else { return Book.invalid("urgency must be high or low") }
            urgency = value
        }
        var priority: RESTDirectory.Priority?
        if let value = fields["priority"] {
            guard let reference = value as? [String: Any], reference["type"] as? String == "priority_reference" else {
                return Book.invalid("priority needs an id and type priority_reference")
            }
            switch resolvePriority(reference) {
            case .success(let found): priority = found
            case .failure(let problem): return Book.invalid(problem.reason)
            }
        }
        if let value = fields["body"] {
            guard let body = value as? [String: Any], body["type"] as? String == "incident_body" else {
                return Book.invalid("body needs type incident_body")
            }
            if let details = body["details"], !(details is String) { return Book.invalid("body.details must be a string") }
        }
        if let problem = check(fields.filter { ["assignments", "escalation_policy"].contains($0.key) }) { return Book.invalid(problem) }
        var assignees: [String] = []
        for assignment in fields["assignments"] as? [[String: Any]] ?? [] {
            guard let id = (assignment["assignee"] as? [String: Any])?["id"] as? String else { continue }
            guard directory.account.user(id) != nil else { return Book.invalid("user \(id) not found") }
            assignees.append(id)
        }
        let policyID = ((fields["escalation_policy"] as? [String: Any])?["id"] as? String) ?? service.escalationPolicyID
        var key: String?
        if let value = fields["incident_key"] {
            guard let value = value as? String else { return Book.invalid("incident_key must be a string") }
            if all.contains(where: { $0.serviceID == serviceID && $0.status != "resolved" && Book.parse($0.json)["incident_key"] as? String == value }) {
                return Book.invalid("Open incident with matching dedup key already exists on this service")
            }
            key = value
        }
        if assignees.isEmpty, let first = directory.escalationPolicy(policyID)?.rules.first?.targets.first {
            // PagerDuty assigns the first level's on-call; the fake assigns that level's first target.
            switch first {
            case .user(let id): assignees = [id]
            case .schedule(let id):
                if let schedule = directory.schedules.first(where: { $0.id == id }),
                   let span = schedule.final(since: now, until: now + 1, overrides: directory.overrides).first {
                    assignees = [span.userID]
                }
            }
        }
        let number = (all.map(\.number).max() ?? 0) + 1
        let id = String(format: "Q%07d", number)
        let createdAt = max(now, (all.last?.createdAt ?? now) + 1)
        let created = IncidentGenerator.format(createdAt)
        let teamID = service.teamIDs.first ?? ""
        let object: [String: Any] = [
            "id": id, "type": "incident", "summary": "[#\(number)] \(title)", "incident_number": number, "title": title,
            "created_at": created, "updated_at": created, "last_status_change_at": created, "resolved_at": NSNull(),
            "status": "triggered", "urgency": urgency, "incident_key": key.map { $0 as Any } ?? NSNull(),
            "html_url": "https://example.pagerduty.com/incidents/\(id)",
            "service": ["id": serviceID, "type": "service_reference", "summary": service.name],
            "teams": service.teamIDs.map { team in
                ["id": team, "type": "team_reference", "summary": directory.teams.first { $0.id == team }?.name ?? team]
            },
            "assignments": assignees.map { user -> [String: Any] in
                ["at": created, "assignee": ["id": user, "type": "user_reference", "summary": directory.userName(user)]]
            },
            "acknowledgements": [Any](),
            "escalation_policy": ["id": policyID, "type": "escalation_policy_reference",
                                  "summary": directory.escalationPolicy(policyID)?.name ?? policyID],
            "escalation_level": 1,
            "priority": priority.map { ["id": $0.id, "type": "priority_reference", "summary": $0.name,
                                        "self": "https://api.pagerduty.com/priorities/\($0.id)"] as Any } ?? NSNull(),
        ]
        let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        let incident = FakeIncident(number: number, id: id, status: "triggered", urgency: urgency, serviceID: serviceID, teamID: teamID,
                                    assigneeIDs: assignees, createdAt: createdAt, resolvedAt: nil, title: title, json: json)
        position[id] = all.count
        all.append(incident)
        log(id, "trigger_log_entry", createdAt, "Triggered through the API by \(user)")
        changes += 1
        return Book.json(201, ["incident": detail(incident)])
    }
}
