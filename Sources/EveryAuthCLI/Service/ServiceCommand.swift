import ArgumentParser
import EveryAuthCore

/// `everyauth service`: the OAuth client settings of each provider.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Configure the OAuth client of a service (client id, secret, endpoints).",
        subcommands: [ServiceCommand.Set.self, ServiceCommand.Get.self, ServiceCommand.List.self, ServiceCommand.Remove.self]
    )
}

/// Help texts the service commands share.
enum ServiceHelp {
    /// The SERVICE argument.
    static let argument = ArgumentHelp(
        "The service: \(ServiceKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "service")
}

/// Settings as JSON: the camelCase keys of `service set`, secret masked.
enum ServiceFields {
    /// `{"scope": ..., "clientId": ..., "clientSecret": "***" | null, ..., "redirectPort": N}`,
    /// one member per key of the core's table.
    static func object(_ settings: EffectiveServiceSettings) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in settings.displayPairs() {
            if key == .redirectPort, let port = value.flatMap(Double.init) {
                members[key.name] = .number(port)
            } else {
                members[key.name] = .optional(value)
            }
        }
        return .object(members)
    }
}
