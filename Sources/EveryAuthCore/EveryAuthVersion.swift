/// The version string sent as `User-Agent: everyauth/VERSION` and printed by `--version`.
///
/// The Makefile reads the release version from this line (`make dist`, `make deb`), so it stays a plain
/// string literal.
package enum EveryAuthVersion {
    package static let current = "0.1.0"
}
