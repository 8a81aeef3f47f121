import EveryAuthCore

/// The core's rules for user ids and tags (SPEC §3, `UserID`, `IdentityTags.parse`) rendered for
/// the command line: the rule is the core's, the flag names and remedies are ours.
enum SelectionRules {
    /// Checks a `--user-id` value (nil: not given) with `UserID`'s rule; a bad one is a usage error
    /// naming `flag`.
    static func validateUserID(_ userId: String?, flag: String = "--user-id") throws {
        guard let userId else { return }
        do {
            try UserID.validate(userId)
        } catch {
            throw UsageError(message(for: error, flag: flag))
        }
    }

    /// `--tag KEY=VALUE` pairs as tags; a pair without `=` or key is a usage error naming `flag`.
    static func tags(_ pairs: [String], flag: String = "--tag") throws -> IdentityTags {
        do {
            return try IdentityTags.parse(pairs)
        } catch {
            throw UsageError(message(for: error, flag: flag))
        }
    }

    /// The one line a refused user id gets: where it came from, what is wrong, what a user id is.
    static func message(for error: InvalidUserID, flag: String = "--user-id") -> String {
        let rule = "a user id is 1 to \(UserID.maxBytes) bytes of UTF-8 without control characters"
        switch error.source {
        case .given: return "\(flag): \(error.problem); \(rule)"
        case .environment(let name): return "\(name): \(error.problem); \(rule) (or unset it)"
        case .storedDefault: return "the default user id stored by 'identity switch': \(error.problem); run 'everyauth identity switch' with another --user-id"
        case .loginName: return "the login name as user id: \(error.problem); give --user-id"
        case .stored: return "a stored identity: \(error.problem); \(rule)"
        }
    }

    /// The line for a tag that is not `KEY=VALUE`.
    static func message(for error: InvalidTag, flag: String = "--tag") -> String {
        "\(flag): '\(error.text)' is not KEY=VALUE; give tags like \(flag) team=web"
    }
}
