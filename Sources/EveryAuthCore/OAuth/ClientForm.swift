import Foundation

/// A request to one of the OAuth endpoints everyauth calls as the client (token, client
/// credentials, revocation): the form with the client's authentication in it (RFC 6749 §2.3.1),
/// and the one reading of a refusal. Whatever such an endpoint answers is redacted of every secret
/// value this form sent before it reaches a message (SPEC §4): an endpoint that echoes its form
/// must not put a refresh token, code, verifier or client secret on a terminal.
struct ClientForm: Sendable {
    /// The fields sent, the client's id (and secret, when one is configured) last.
    let fields: [(String, String)]

    /// `fields` for `settings`' client; no client id configured is `ServiceSettingMissing`.
    init(_ fields: [(String, String)], settings: EffectiveServiceSettings) throws {
        var all = fields + [("client_id", try settings.requiredClientId())]
        if let secret = settings.clientSecret, !secret.isEmpty { all.append(("client_secret", secret)) }
        self.fields = all
    }

    /// The values of the secret fields sent (`Redaction.secretFieldNames`).
    var sentSecrets: [String] {
        fields.filter { Redaction.secretFieldNames.contains($0.0) }.map(\.1)
    }

    /// The POST of this form to `url`, asking for JSON (some servers answer form-encoded otherwise).
    func request(to url: String) -> HTTPClient.Request {
        HTTPClient.Request.form(url: url, fields: fields, headers: [HTTPHeader("Accept", "application/json")])
    }

    /// `text` from the endpoint made fit for a message: what this form sent redacted first, then
    /// controls replaced and the length bounded (`ServerText.forMessage`).
    func redacted(_ text: String, maxLength: Int = ServerText.maxLength) -> String {
        ServerText.forMessage(text, secrets: sentSecrets, maxLength: maxLength)
    }

    /// The OAuth error fields (RFC 6749 §5.2) of a refusal, redacted; nil members when absent.
    func refusal(_ response: HTTPClient.Response) -> (error: String?, description: String?) {
        let object = JSONValue.parseIfJSON(response.body)?.objectValue
        return (object?["error"]?.stringValue.map { redacted($0, maxLength: 64) },
                object?["error_description"]?.stringValue.map { redacted($0) })
    }
}

/// A setting an operation needs is not configured (exit 2's sibling: a usage error naming the
/// setting; the CLI says which command sets it).
package struct ServiceSettingMissing: LocalizedError, Sendable, Equatable {
    package let service: String
    package let setting: ServiceSettingKey

    package init(service: String, setting: ServiceSettingKey) {
        self.service = service
        self.setting = setting
    }

    package var errorDescription: String? {
        switch setting {
        case .clientId: return "no client id is configured for \(service)"
        case .clientSecret: return "no client secret is configured for \(service)"
        default: return "no \(setting.rawValue) is configured for \(service)"
        }
    }
}

extension EffectiveServiceSettings {
    /// The configured client id, or `ServiceSettingMissing`.
    package func requiredClientId() throws(ServiceSettingMissing) -> String {
        guard let clientId, !clientId.isEmpty else { throw ServiceSettingMissing(service: service.rawValue, setting: .clientId) }
        return clientId
    }
}
