import Foundation

/// The certificates to trust when `$EVERYAUTH_CA_BUNDLE` adds some, beside the system's, so public
/// servers stay trusted too.
struct CATrust: Sendable {
    /// The extra bundle's path.
    let extraPath: String
    /// libcurl's default CA directory (`CurlEasy.systemCADirectory`): with it, the extra bundle goes
    /// as `CURLOPT_CAINFO` beside it, and a handshake parses that small file alone.
    let systemDirectory: String?
    /// Default bundle + extra bundle (PEM), when there is no system directory; nil when the default
    /// bundle was not found either (the extra bundle is then used alone).
    let merged: Data?
    /// Why the extra bundle cannot be used (unreadable), reported on every request.
    let problem: String?

    /// Reads `extraPath` (and, without a system directory, the default bundle) once.
    init(extraPath: String) {
        self.extraPath = extraPath
        guard FileManager.default.isReadableFile(atPath: extraPath), let extra = FileManager.default.contents(atPath: extraPath) else {
            systemDirectory = nil
            merged = nil
            problem = "cannot read the CA bundle '\(extraPath)' ($EVERYAUTH_CA_BUNDLE); fix the path or unset it"
            return
        }
        problem = nil
        if let directory = CurlEasy.systemCADirectory {
            systemDirectory = directory
            merged = nil
            return
        }
        systemDirectory = nil
        let defaults = Self.defaultBundlePaths().lazy.compactMap { FileManager.default.contents(atPath: $0) }.first
        merged = defaults.map { $0 + Data("\n".utf8) + extra }
    }

    /// Where the system's bundle may be: libcurl's own default first, then the usual places.
    private static func defaultBundlePaths() -> [String] {
        let libcurlDefault = CurlEasy.defaultCABundlePath().map { [$0] } ?? []
        return libcurlDefault + ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"]
    }
}
