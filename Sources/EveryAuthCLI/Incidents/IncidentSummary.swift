import ArgumentParser
import EveryAuthCore
import EveryAuthLoopback
import Foundation

/// The lines of `incidents show`, from PagerDuty's incident object.
enum IncidentSummary {
    /// The columns of `incidents show -o csv|tsv`: what the table shows, as JSON paths.
    static let scriptFields = IncidentFields(columns: [
        "id", "incident_number", "title", "status", "urgency", "priority.summary", "service.summary",
        "assignments.assignee.summary", "escalation_policy.summary", "created_at", "last_status_change_at", "html_url",
    ].map { IncidentFields.Column($0) }, chosen: true)

    /// (field, value) pairs in reading order; absent values are left out.
    static func fields(_ incident: JSONValue, now: Date) -> [(String, String)] {
        func text(_ path: String...) -> String? {
            var value: JSONValue? = incident
            for key in path { value = value?[key] }
            return value?.stringValue ?? value?.intValue.map(String.init)
        }
        func reference(_ key: String) -> String? {
            guard let object = incident[key], object.objectValue != nil else { return nil }
            let name = object["summary"]?.stringValue ?? object["name"]?.stringValue
            let id = object["id"]?.stringValue
            switch (name, id) {
            case let (name?, id?): return "\(name) (\(id))"
            case let (name?, nil): return name
            case let (nil, id?): return id
            default: return nil
            }
        }
        var rows: [(String, String?)] = [
            ("incident", text("incident_number").map { "#\($0)" }),
            ("title", text("title")),
            ("id", text("id")),
            ("status", text("status")),
            ("urgency", text("urgency")),
            ("priority", incident["priority"]?["summary"]?.stringValue ?? incident["priority"]?["name"]?.stringValue ?? "none"),
            ("service", reference("service")),
            ("assignees", assignees(incident)),
            ("acknowledged by", acknowledgers(incident, now: now)),
            ("escalation policy", reference("escalation_policy")),
            ("created", text("created_at").map { timeAndAge($0, now: now) }),
            ("last change", (text("last_status_change_at") ?? text("updated_at")).map { timeAndAge($0, now: now) }),
        ]
        if let counts = incident["alert_counts"], counts.objectValue != nil {
            let all = counts["all"]?.intValue ?? 0
            let triggered = counts["triggered"]?.intValue ?? 0
            let resolved = counts["resolved"]?.intValue ?? 0
            rows.append(("alerts", "\(all) (\(triggered) triggered, \(resolved) resolved)"))
        }
        rows.append(("url", text("html_url")))
        return rows.compactMap { pair in pair.1.map { (pair.0, $0) } }
    }

    /// Who acknowledged it and how long ago, from the `acknowledgements` PagerDuty lists.
    private static func acknowledgers(_ incident: JSONValue, now: Date) -> String? {
        let acks = (incident["acknowledgements"]?.arrayValue ?? []).compactMap { ack -> String? in
            guard let who = ack["acknowledger"]?["summary"]?.stringValue ?? ack["acknowledger"]?["id"]?.stringValue else { return nil }
            let when = ack["at"]?.stringValue.flatMap(Timestamp.parse).map { " (\(age(now.timeIntervalSince($0))) ago)" } ?? ""
            return who + when
        }
        return acks.isEmpty ? nil : acks.joined(separator: ", ")
    }

    /// The last notes and log entries, newest last, as lines of `show`'s table: `5m ago  Bob: text`.
    static func history(notes: [JSONValue], log: [JSONValue], now: Date, count: Int = 3) -> [(String, String)] {
        func line(_ item: JSONValue, _ text: String?) -> String {
            let when = item["created_at"]?.stringValue.flatMap(Timestamp.parse).map { age(now.timeIntervalSince($0)) + " ago" } ?? "-"
            let who = item["user"]?["summary"]?.stringValue ?? item["agent"]?["summary"]?.stringValue
            return when + "  " + [who, text].compactMap { $0 }.joined(separator: ": ")
        }
        let noteRows = notes.suffix(count).map { ("note", line($0, $0["content"]?.stringValue)) }
        let logRows = log.suffix(count + 2).map { entry in ("log", line(entry, entry["summary"]?.stringValue ?? entry["type"]?.stringValue)) }
        return noteRows + logRows
    }

    private static func assignees(_ incident: JSONValue) -> String {
        let names = (incident["assignments"]?.arrayValue ?? []).compactMap {
            $0["assignee"]?["summary"]?.stringValue ?? $0["assignee"]?["id"]?.stringValue
        }
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }

    /// `2026-11-29T08:00:00Z (3h 5m ago)`.
    static func timeAndAge(_ text: String, now: Date) -> String {
        guard let date = Timestamp.parse(text) else { return text }
        return "\(text) (\(age(now.timeIntervalSince(date))) ago)"
    }

    /// `42s`, `5m`, `3h 5m`, `4d 2h`.
    static func age(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds))
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }
}
