import EveryAuthCore
import Foundation

/// The core's rules for user ids and tags (SPEC §3, `UserID`, `IdentityTags.parse`) applied to
/// command-line values: the rule is the core's, the flag names are ours (`ErrorMessages`).
enum SelectionRules {
    /// Checks a `--user-id` value (nil: not given) with `UserID`'s rule; a bad one is a usage error
    /// naming `flag`.
    static func validateUserID(_ userId: String?, flag: String = "--user-id") throws {
        guard let userId else { return }
        _ = try ErrorMessages.given(flag) { try UserID.validate(userId) }
    }

    /// `--tag KEY=VALUE` pairs as tags; a pair without `=` or key is a usage error naming `flag`.
    static func tags(_ pairs: [String], flag: String = "--tag") throws -> IdentityTags {
        try ErrorMessages.given(flag) { try IdentityTags.parse(pairs) }
    }
}

extension EveryAuthEnvironment {
    /// Fails when `value` is empty or only white space: a selection that names nothing.
    static func requireValue(_ value: String, flag: String, what: String) throws {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw UsageError("\(flag): the \(what) must not be empty")
        }
    }
}
