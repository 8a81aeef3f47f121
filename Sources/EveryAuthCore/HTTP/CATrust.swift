import Foundation

/// The certificates to trust when `$EVERYAUTH_CA_BUNDLE` adds some: the extra bundle merged with libcurl's
/// default bundle, so public servers stay trusted too.
struct CATrust: Sendable {
    /// The extra bundle's path, used alone when the merged bundle cannot be handed to libcurl.
    let extraPath: String
    /// Default bundle + extra bundle (PEM), or nil when the default bundle was not found.
    let merged: Data?
    /// Why the extra bundle cannot be used (unreadable), reported on every request.
    let problem: String?

    /// Reads `extraPath` and the default bundle once.
    init(extraPath: String) {
        self.extraPath = extraPath
        guard let extra = FileManager.default.contents(atPath: extraPath) else {
            merged = nil
            problem = "cannot read the CA bundle '\(extraPath)' ($EVERYAUTH_CA_BUNDLE); fix the path or unset it"
            return
        }
        problem = nil
        let defaults = Self.defaultBundlePaths().lazy.compactMap { FileManager.default.contents(atPath: $0) }.first
        merged = defaults.map { $0 + Data("\n".utf8) + extra }
    }

    /// Where the system's bundle may be: libcurl's own default first, then the usual places.
    private static func defaultBundlePaths() -> [String] {
        let libcurlDefault = CurlEasy.defaultCABundlePath().map { [$0] } ?? []
        return libcurlDefault + ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"]
    }
}
