import Foundation

/// A store location that was named explicitly (not the default one) holds no store: a typo in a
/// path must not read as a store without identities (exit 2).
package struct StoreNotFound: LocalizedError, Sendable, Equatable {
    /// The store file that does not exist.
    package let path: String

    package init(path: String) { self.path = path }

    package var errorDescription: String? { "there is no everyauth store at \(path)" }
}
