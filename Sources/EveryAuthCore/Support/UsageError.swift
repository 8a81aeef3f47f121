import Foundation

/// A value the user gave is wrong: bad flag value, bad URL, bad combination (exit 64).
public struct UsageError: LocalizedError, Sendable, Equatable {
    /// What was wrong and what to do, in one line.
    public let message: String

    /// An error with the whole message.
    public init(_ message: String) { self.message = message }

    public var errorDescription: String? { message }
}
