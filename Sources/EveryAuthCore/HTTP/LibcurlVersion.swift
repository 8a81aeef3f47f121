/// The libcurl this process runs with, for `everyauth version --verbose` and bug reports.
///
/// It is the shared library loaded at run time, which may be newer than the headers the build saw.
package struct LibcurlVersion: Sendable, Equatable {
    /// libcurl's version, e.g. `7.88.1`.
    package let version: String
    /// The TLS backend as libcurl names it, e.g. `OpenSSL/3.0.17`; nil for a libcurl built without TLS.
    package let tlsBackend: String?

    /// Asks the loaded libcurl (`curl_version_info`); needs no handle and no `curl_global_init`.
    package static var current: LibcurlVersion { CurlEasy.loadedLibraryVersion() }
}
