import Foundation
import Synchronization

/// The fake's account directory and on-call world, written from PagerDuty's OpenAPI document:
/// teams, priorities, services, escalation policies, schedules with their overrides, on-calls and
/// maintenance windows (`GET /teams`, `/priorities`, `/services`, `/escalation_policies`,
/// `/schedules`, `/oncalls`, `/maintenance_windows` and their writes). Users live in
/// `RESTAccount`, which this reads for names and emails.
///
/// The world is seeded with a small account (see `init(account:)`); tests add to it with the
/// `add…` mutators. Its clock is `RESTServer.Settings.now` when set, else the real time.
public final class RESTDirectory: Sendable {
    /// A team as `GET /teams` lists one.
    public struct Team: Sendable, Equatable {
        /// The team's id, e.g. `PTEAM01`.
        public var id: String
        /// The team's name.
        public var name: String
        /// The team's description.
        public var description: String
        /// A team with these fields.
        public init(id: String, name: String, description: String = "") {
            self.id = id
            self.name = name
            self.description = description
        }
    }

    /// A priority as `GET /priorities` lists one.
    public struct Priority: Sendable, Equatable {
        /// The priority's id, e.g. `PPRIO01`.
        public var id: String
        /// The priority's name, e.g. `P1`.
        public var name: String
        /// The priority's description.
        public var description: String
        /// A priority with these fields.
        public init(id: String, name: String, description: String = "") {
            self.id = id
            self.name = name
            self.description = description
        }
    }

    /// A service as `GET /services` lists one.
    public struct Service: Sendable, Equatable {
        /// The service's id, e.g. `PSVC001`.
        public var id: String
        /// The service's name.
        public var name: String
        /// The service's description.
        public var description: String
        /// The id of the escalation policy it uses.
        public var escalationPolicyID: String
        /// The ids of the teams it belongs to.
        public var teamIDs: [String]
        /// `active`, `warning`, `critical`, `maintenance` or `disabled`.
        public var status: String
        /// A service with these fields.
        public init(id: String, name: String, escalationPolicyID: String, teamIDs: [String], description: String = "", status: String = "active") {
            self.id = id
            self.name = name
            self.description = description
            self.escalationPolicyID = escalationPolicyID
            self.teamIDs = teamIDs
            self.status = status
        }
    }

    /// Whom an escalation rule notifies.
    public enum EscalationTarget: Sendable, Equatable {
        /// Whoever is on call on this schedule (`schedule_reference`).
        case schedule(String)
        /// This user, always (`user_reference`).
        case user(String)
    }

    /// One level of an escalation policy.
    public struct EscalationRule: Sendable, Equatable {
        /// Minutes before the next level is notified.
        public var delayInMinutes: Int
        /// Whom this level notifies.
        public var targets: [EscalationTarget]
        /// A rule with these fields.
        public init(delayInMinutes: Int = 30, targets: [EscalationTarget]) {
            self.delayInMinutes = delayInMinutes
            self.targets = targets
        }
    }

    /// An escalation policy as `GET /escalation_policies` lists one; its services are those whose
    /// `escalationPolicyID` names it.
    public struct EscalationPolicy: Sendable, Equatable {
        /// The policy's id, e.g. `PEP0001`.
        public var id: String
        /// The policy's name.
        public var name: String
        /// The policy's description.
        public var description: String
        /// How many times the rules repeat.
        public var numLoops: Int
        /// The ids of the teams it belongs to.
        public var teamIDs: [String]
        /// Its levels, level 1 first.
        public var rules: [EscalationRule]
        /// A policy with these fields.
        public init(id: String, name: String, rules: [EscalationRule], teamIDs: [String], description: String = "", numLoops: Int = 0) {
            self.id = id
            self.name = name
            self.description = description
            self.numLoops = numLoops
            self.teamIDs = teamIDs
            self.rules = rules
        }
    }

    /// Everything the directory holds, in listing order.
    struct World {
        var teams: [Team] = []
        var priorities: [Priority] = []
        var services: [Service] = []
        var policies: [EscalationPolicy] = []
        var schedules: [Schedule] = []
        var overrides: [Override] = []
        var windows: [MaintenanceWindow] = []
        var writes: [RESTAccount.Write] = []
        var nextOverride = 1
        var nextWindow = 1
    }

    let world: Mutex<World>
    /// The users' names, emails and teams.
    let account: RESTAccount

    /// 2026-01-01T09:00:00Z, where the seeded daily rotations start.
    static let seedStart = 1_767_258_000

    /// A directory seeded with the fake's account (users go to `account`):
    /// users PUSR001 Alice Ng, PUSR002 Bob Stone, PUSR003 Chen Li, PUSR004 Dana "DJ" Jones;
    /// teams PTEAM01 Payments, PTEAM02 Discovery, PTEAM03 Mobile; priorities PPRIO01…PPRIO05 (P1…P5);
    /// schedules PSCHED1 "Primary" (daily: PUSR001, PUSR002, PUSR003 from 2026-01-01T09:00Z),
    /// PSCHED2 "Secondary" (weekly: PUSR003, PUSR004 from 2026-01-05T09:00Z), PSCHED3 "Search
    /// Primary" (daily: PUSR002, PUSR004 from 2026-01-01T09:00Z); escalation policies PEP0001
    /// "Checkout Escalation" (PSCHED1, then PSCHED2) and PEP0002 "Search Escalation" (PSCHED3,
    /// then PUSR001); services PSVC001 "Checkout API", PSVC003 "Payments, EU" on PEP0001 and
    /// PSVC002 "Search", PSVC004 "Mobile Push" on PEP0002.
    public init(account: RESTAccount) {
        self.account = account
        let people = [
            ("PUSR001", "Alice Ng", "alice@example.com", ["PTEAM01"]),
            ("PUSR002", "Bob Stone", "bob@example.com", ["PTEAM01", "PTEAM02"]),
            ("PUSR003", "Chen Li", "chen@example.com", ["PTEAM01"]),
            ("PUSR004", "Dana \"DJ\" Jones", "dana@example.com", ["PTEAM02", "PTEAM03"]),
        ]
        for (id, name, email, teams) in people {
            account.setUser(RESTAccount.User(id: id, name: name, email: email, teamIDs: teams))
        }
        var world = World()
        world.teams = [
            Team(id: "PTEAM01", name: "Payments", description: "Checkout and payment processing"),
            Team(id: "PTEAM02", name: "Discovery", description: "Search and recommendations"),
            Team(id: "PTEAM03", name: "Mobile", description: "Mobile apps and push notifications"),
        ]
        let meanings = ["Critical: customers are affected now", "High: a major function is degraded", "Moderate: a minor function is degraded",
                        "Low: no customer impact yet", "Informational"]
        world.priorities = (1...5).map { Priority(id: "PPRIO0\($0)", name: "P\($0)", description: meanings[$0 - 1]) }
        let day = 86_400
        world.schedules = [
            Schedule(id: "PSCHED1", name: "Primary", userIDs: ["PUSR001", "PUSR002", "PUSR003"], turnLength: day,
                     virtualStart: Self.seedStart, teamIDs: ["PTEAM01"]),
            Schedule(id: "PSCHED2", name: "Secondary", userIDs: ["PUSR003", "PUSR004"], turnLength: 7 * day,
                     virtualStart: Self.seedStart + 4 * day, teamIDs: ["PTEAM01"]),
            Schedule(id: "PSCHED3", name: "Search Primary", userIDs: ["PUSR002", "PUSR004"], turnLength: day,
                     virtualStart: Self.seedStart, teamIDs: ["PTEAM02"]),
        ]
        world.policies = [
            EscalationPolicy(id: "PEP0001", name: "Checkout Escalation",
                             rules: [EscalationRule(targets: [.schedule("PSCHED1")]), EscalationRule(targets: [.schedule("PSCHED2")])],
                             teamIDs: ["PTEAM01"], description: "Checkout and payments on-call"),
            EscalationPolicy(id: "PEP0002", name: "Search Escalation",
                             rules: [EscalationRule(targets: [.schedule("PSCHED3")]), EscalationRule(targets: [.user("PUSR001")])],
                             teamIDs: ["PTEAM02"], description: "Search and mobile on-call"),
        ]
        world.services = IncidentGenerator.services.map { id, name, team in
            Service(id: id, name: name, escalationPolicyID: ["PSVC001", "PSVC003"].contains(id) ? "PEP0001" : "PEP0002", teamIDs: [team])
        }
        self.world = Mutex(world)
    }

    // MARK: - What tests read

    /// The teams, in listing order.
    public var teams: [Team] { world.withLock { $0.teams } }
    /// The priorities, P1 first.
    public var priorities: [Priority] { world.withLock { $0.priorities } }
    /// The services, in listing order.
    public var services: [Service] { world.withLock { $0.services } }
    /// The escalation policies, in listing order.
    public var escalationPolicies: [EscalationPolicy] { world.withLock { $0.policies } }
    /// The schedules, in listing order.
    public var schedules: [Schedule] { world.withLock { $0.schedules } }
    /// Every override of every schedule as it is now (an ongoing one deleted is cut short), oldest first.
    public var overrides: [Override] { world.withLock { $0.overrides } }
    /// The maintenance windows as they are now (an ongoing one deleted ends at its deletion), oldest first.
    public var maintenanceWindows: [MaintenanceWindow] { world.withLock { $0.windows } }
    /// The POST and DELETE requests to the directory's endpoints, as received, in order.
    public var writes: [RESTAccount.Write] { world.withLock { $0.writes } }

    // MARK: - Mutators for tests

    /// Adds a user to the account (or replaces the one with its id).
    public func addUser(_ user: RESTAccount.User) { account.setUser(user) }
    /// Adds a team (or replaces the one with its id).
    public func addTeam(_ team: Team) { world.withLock { Self.put(team, into: &$0.teams, id: \.id) } }
    /// Adds a priority (or replaces the one with its id).
    public func addPriority(_ priority: Priority) { world.withLock { Self.put(priority, into: &$0.priorities, id: \.id) } }
    /// Adds a service (or replaces the one with its id).
    public func addService(_ service: Service) { world.withLock { Self.put(service, into: &$0.services, id: \.id) } }
    /// Adds an escalation policy (or replaces the one with its id).
    public func addEscalationPolicy(_ policy: EscalationPolicy) { world.withLock { Self.put(policy, into: &$0.policies, id: \.id) } }
    /// Adds a schedule (or replaces the one with its id, e.g. to change its time zone).
    public func addSchedule(_ schedule: Schedule) { world.withLock { Self.put(schedule, into: &$0.schedules, id: \.id) } }
    /// Adds an override as if it had been created through the API (replaces one with its id).
    public func addOverride(_ override: Override) { world.withLock { Self.put(override, into: &$0.overrides, id: \.id) } }
    /// Adds a maintenance window as if it had been created through the API (replaces one with its id).
    public func addMaintenanceWindow(_ window: MaintenanceWindow) { world.withLock { Self.put(window, into: &$0.windows, id: \.id) } }

    private static func put<T>(_ item: T, into list: inout [T], id: KeyPath<T, String>) {
        if let index = list.firstIndex(where: { $0[keyPath: id] == item[keyPath: id] }) { list[index] = item } else { list.append(item) }
    }

    // MARK: - Routing

    /// Answers the paths this type owns for an authenticated `user` at `now` (seconds since the
    /// epoch); nil for any other path.
    public func handle(_ request: FakeRequest, user: String, now: Int) -> FakeResponse? {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map { String($0).removingPercentEncoding ?? String($0) }
        guard let first = segments.first else { return nil }
        let rest = Array(segments.dropFirst())
        let items = request.queryItems
        if request.method != "GET" && request.method != "HEAD" {
            world.withLock { $0.writes.append(RESTAccount.Write(method: request.method, path: request.path, headers: request.headers, body: request.body)) }
        }
        switch (first, request.method, rest.count) {
        case ("teams", "GET", 0): return answer { try listTeams(items) }
        case ("teams", "GET", 1): return answer { try showTeam(rest[0], items) }
        case ("priorities", "GET", 0): return answer { try listPriorities(items) }
        case ("services", "GET", 0): return answer { try listServices(items) }
        case ("services", "GET", 1): return answer { try showService(rest[0], items) }
        case ("escalation_policies", "GET", 0): return answer { try listPolicies(items) }
        case ("escalation_policies", "GET", 1): return answer { try showPolicy(rest[0], items) }
        case ("oncalls", "GET", 0): return answer { try listOncalls(items, now: now) }
        case ("schedules", "GET", 0): return answer { try listSchedules(items, now: now) }
        case ("schedules", "GET", 1): return answer { try showSchedule(rest[0], items) }
        case ("schedules", "GET", 2) where rest[1] == "overrides": return answer { try listOverrides(rest[0], items, now: now) }
        case ("schedules", "POST", 2) where rest[1] == "overrides":
            return answer { try createOverrides(rest[0], Self.jsonBody(request)) }
        case ("schedules", "DELETE", 3) where rest[1] == "overrides": return answer { try deleteOverride(rest[0], rest[2], now: now) }
        case ("maintenance_windows", "GET", 0): return answer { try listWindows(items, now: now) }
        case ("maintenance_windows", "GET", 1): return answer { try showWindow(rest[0], items) }
        case ("maintenance_windows", "POST", 0):
            return answer {
                guard let from = request.header("From"), !from.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Refusal.invalid("You must specify a user's email address in the \"From\" header to perform this action")
                }
                return try createWindow(Self.jsonBody(request), from: from, now: now)
            }
        case ("maintenance_windows", "DELETE", 1): return answer { try deleteWindow(rest[0], now: now) }
        case ("teams", _, 0...1), ("priorities", _, 0), ("services", _, 0...1), ("escalation_policies", _, 0...1), ("oncalls", _, 0),
             ("schedules", _, 0...1), ("maintenance_windows", _, 0...1):
            return Self.error(405, code: 2100, "Method Not Allowed", errors: ["\(request.method) is not allowed on \(request.path)"])
        case ("schedules", _, 2...3) where rest[1] == "overrides":
            return Self.error(405, code: 2100, "Method Not Allowed", errors: ["\(request.method) is not allowed on \(request.path)"])
        case ("teams", _, _), ("priorities", _, _), ("services", _, _), ("escalation_policies", _, _), ("oncalls", _, _),
             ("schedules", _, _), ("maintenance_windows", _, _):
            var response = Self.error(404, code: 2100, "Not Found", errors: ["No route \(request.method) \(request.path)"])
            response.refusal = true
            return response
        default:
            return nil
        }
    }

    /// Why a request is answered with an error instead of its data.
    enum Refusal: Error {
        /// 400 Invalid Input Provided (code 2001), the reason in `errors`: the client broke the contract.
        case invalid(String)
        /// 415: the body is not declared as JSON.
        case unsupportedMediaType
        /// 404 for an id that does not exist (not a contract breach).
        case notFound(String)
        /// Any other answer, recorded in `refusals` or not as given.
        case other(FakeResponse)
    }

    private func answer(_ body: () throws -> FakeResponse) -> FakeResponse {
        do {
            return try body()
        } catch let refusal as Refusal {
            switch refusal {
            case .invalid(let reason): return Self.error(400, code: 2001, "Invalid Input Provided", errors: [reason])
            case .unsupportedMediaType:
                return Self.error(415, code: 2001, "Unsupported Media Type", errors: ["Content-Type must be application/json"])
            case .notFound:
                // PagerDuty's NotFound body carries no `errors` (OpenAPI `NotFound` example).
                return Self.json(404, ["error": ["message": "Not Found", "code": 2100] as [String: Any]])
            case .other(let response): return response
            }
        } catch {
            return Self.error(400, code: 2001, "Invalid Input Provided", errors: ["\(error)"])
        }
    }

    /// The body of a write: declared `application/json` (else 415) and a JSON object (else 400).
    static func jsonBody(_ request: FakeRequest) throws -> [String: Any] {
        guard request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else { throw Refusal.unsupportedMediaType }
        guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] else {
            throw Refusal.invalid("The request body is not a JSON object")
        }
        return object
    }

    /// PagerDuty's error body.
    static func error(_ status: Int, code: Int, _ message: String, errors: [String] = []) -> FakeResponse {
        .json(status, object: ["error": ["message": message, "code": code, "errors": errors] as [String: Any]])
    }

    static func json(_ status: Int, _ object: Any) -> FakeResponse { .json(status, object: object) }
}
