import Foundation

/// A value handed to the core is unusable: what it was for (`Input`, in the domain's words) and
/// what is wrong with it, with what would be accepted. The core never names a flag or a command:
/// the CLI renders this with the flag or variable that carried the value and a remedy (exit 64),
/// a web route answers it with a page, a library caller reads `description`.
public struct InvalidInput: Error, Sendable, Equatable, CustomStringConvertible {
    /// What a value was given for.
    package enum Input: Sendable, Hashable {
        /// A service setting (`clientId`, `tokenUrl`, `redirectPort`...).
        case setting(ServiceSettingKey)
        /// The loopback port of one authorization.
        case port
        /// Incident statuses, urgencies, `include[]` values, sort items and time zone of a listing.
        case statuses, urgencies, includes, sort, timeZone
        /// The start or end of a listing's window.
        case since, until
        /// The window as a whole.
        case window(WindowProblem)
        /// Ids of services, teams or assignees filtering a listing.
        case ids(IDKind)
        /// A span of time (a snooze, a polling interval).
        case duration
        /// The email of the PagerDuty user acting (the `From` header), given by the caller or by
        /// an environment variable.
        case requester(from: ValueSource)
        /// A field, header, path or method of a raw API request.
        case apiField, apiHeader, apiPath, apiMethod
        /// A token handed in (not one from the store).
        case token(from: ValueSource)
        /// An environment variable read by the core (`EVERYAUTH_HTTP_TIMEOUT`...).
        case environment(String)
        /// The config directory, given by the caller or by `EVERYAUTH_CONFIG_DIR`.
        case configDirectory(from: ValueSource)
        /// An identity id.
        case identityID
        /// Where the browser goes after a successful authorization.
        case finishedURL
        /// Where signed webhook events are sent.
        case webhookURL
        /// The file holding the webhook signing secret.
        case webhookSecretFile
        /// An incident as named: an id or a number.
        case incident
        /// Two ways of naming the same thing were given together.
        case selection(SelectionConflict)
        /// A store address, named as read: `--store`, `EVERYAUTH_STORE_URL`, or `store URL` and the
        /// URL without its password.
        case store(String)
        /// The id or name of a PagerDuty object (a service, a schedule...), named by its noun.
        case directory(String)
        /// The keys that encrypt the store, given by the caller or by `EVERYAUTH_STORE_KEY` or
        /// `EVERYAUTH_STORE_KEY_FILE`.
        case storeKeys(from: ValueSource)
    }

    /// What is wrong with a listing's window as a whole.
    package enum WindowProblem: Sendable, Hashable {
        /// All time was asked for together with a start or an end.
        case allTimeWithBounds
        /// The start is not before the end.
        case empty(since: Date, until: Date)
    }

    /// Two selections that exclude each other.
    package enum SelectionConflict: Sendable, Hashable {
        /// A user id and an identity id.
        case userIdAndIdentityID
        /// A token and a user id (whose stored token would be used).
        case tokenAndUserId
    }

    /// Which ids filter a listing.
    package enum IDKind: String, Sendable, Hashable {
        case service, team, assignee
    }

    /// Where a value came from: the caller (a command-line value, a library argument) or an
    /// environment variable.
    package enum ValueSource: Sendable, Hashable {
        case given
        case environment(String)
    }

    package let input: Input
    /// What is wrong, in words that name no flag: "'x' is not a status; use one of ...".
    public let problem: String

    package init(_ input: Input, _ problem: String) {
        self.input = input
        self.problem = problem
    }

    public var description: String { "\(input.label): \(problem)" }
}

extension InvalidInput.Input {
    /// The input in words, for a library caller's message.
    package var label: String {
        switch self {
        case .setting(let key): return "setting \(key.name)"
        case .port: return "port"
        case .statuses: return "status"
        case .urgencies: return "urgency"
        case .includes: return "include"
        case .sort: return "sort"
        case .timeZone: return "time zone"
        case .since: return "since"
        case .until: return "until"
        case .window: return "time window"
        case .ids(let kind): return "\(kind.rawValue) id"
        case .duration: return "duration"
        case .requester(.given): return "requester email"
        case .requester(.environment(let name)), .token(.environment(let name)), .configDirectory(.environment(let name)),
             .environment(let name):
            return name
        case .apiField: return "API field"
        case .apiHeader: return "API header"
        case .apiPath: return "API path"
        case .apiMethod: return "HTTP method"
        case .token(.given): return "token"
        case .configDirectory(.given): return "config directory"
        case .finishedURL: return "finished address"
        case .webhookURL: return "webhook URL"
        case .webhookSecretFile: return "webhook secret file"
        case .identityID: return "identity id"
        case .incident: return "incident"
        case .selection: return "selection"
        case .store(let name): return name
        case .directory(let noun): return noun
        case .storeKeys(.given): return "store keys"
        case .storeKeys(.environment(let name)): return name
        }
    }
}
