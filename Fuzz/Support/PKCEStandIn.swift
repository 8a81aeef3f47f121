/// The fuzz build leaves out Sources/EveryAuthCore/OAuth/PKCE.swift (it imports swift-crypto, which
/// is not built with the sanitizer here); the authorization URL builder needs only its method name.
enum PKCE {
    static let method = "S256"
}
