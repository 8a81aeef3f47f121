/// How a person names an incident (SPEC §2): its id (`PABC123`) or its number (`972`, or `#972`
/// as people write it). PagerDuty's `GET /incidents/{id}` takes either; every other endpoint
/// takes the id, so numbers are resolved once per command (`PagerDutyClient.incidentIDs`).
package enum IncidentReference: Sendable, Hashable, CustomStringConvertible {
    /// An incident id: letters and digits, at least one letter.
    case id(String)
    /// An incident number.
    case number(Int)

    /// Reads `text`; anything that is neither an id nor a number is `InvalidInput`, before any request.
    package init(parsing text: String) throws(InvalidInput) {
        let digits = text.hasPrefix("#") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            guard let number = Int(digits), number > 0 else {
                throw InvalidInput(.incident, "'\(text)' is not an incident number; give a number from 1 up, or an incident id")
            }
            self = .number(number)
            return
        }
        guard !text.isEmpty, text.utf8.count <= 64,
              text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw InvalidInput(.incident, "'\(text)' is neither an incident id (PABC123) nor an incident number (972 or #972)")
        }
        self = .id(text)
    }

    /// What `GET /incidents/{id}` is given: the id, or the number.
    package var pathComponent: String {
        switch self {
        case .id(let id): return id
        case .number(let number): return String(number)
        }
    }

    /// As a person wrote it: the id, or `#972`.
    package var description: String {
        switch self {
        case .id(let id): return id
        case .number(let number): return "#\(number)"
        }
    }
}

extension PagerDutyClient {
    /// The incident `reference` names (`GET /incidents/{id}` takes an id or a number); a 404 is
    /// `LookupError.incidentNotFound`.
    package func incident(_ reference: IncidentReference) async throws -> JSONValue {
        try await incident(reference.pathComponent, named: reference.description)
    }

    /// The ids of `references`, in order, each number resolved with one `GET /incidents/{number}`
    /// (the same one once, eight at a time); with `verifying`, ids are fetched too, so that one
    /// PagerDuty does not have is reported before anything changes. Unknown is
    /// `LookupError.incidentNotFound` naming the incident as the user wrote it.
    package func incidentIDs(_ references: [IncidentReference], verifying: Bool = false) async throws -> [String] {
        let asked = Array(Set(references.filter { reference in
            if case .number = reference { return true }
            return verifying
        }))
        var resolved: [IncidentReference: String] = [:]
        try await withThrowingTaskGroup(of: (IncidentReference, String).self) { group in
            var next = 0
            func start() {
                guard next < asked.count else { return }
                let reference = asked[next]
                next += 1
                group.addTask {
                    let incident = try await self.incident(reference)
                    guard let id = incident["id"]?.stringValue, !id.isEmpty else {
                        throw PagerDutyError.malformedResponse(reason: "incident \(reference) has no id")
                    }
                    return (reference, id)
                }
            }
            for _ in 0..<8 { start() }
            while let (reference, id) = try await group.next() {
                resolved[reference] = id
                start()
            }
        }
        return references.map { reference in
            if let id = resolved[reference] { return id }
            if case .id(let id) = reference { return id }
            return ""
        }
    }
}
