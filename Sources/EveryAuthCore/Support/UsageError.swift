import Foundation

/// The command line was wrong: a bad flag value or combination, in the CLI's words with its flags
/// (exit 64). The core's own refusals are `InvalidInput`, which names no flag.
package struct UsageError: LocalizedError, Sendable, Equatable {
    /// What was wrong and what to do, in one line.
    package let message: String

    /// An error with the whole message.
    package init(_ message: String) { self.message = message }

    package var errorDescription: String? { message }
}
