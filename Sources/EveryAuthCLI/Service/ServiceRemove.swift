import ArgumentParser
import EveryAuthCore

extension ServiceCommand {
    /// `everyauth service rm SERVICE`: forgets the settings; identities stay.
    struct Remove: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Forget the settings of a service, client secret included (its identities stay); asks first on a terminal.",
            aliases: ["remove"]
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ServiceHelp.argument, completion: Completion.services)
        var service: String

        @OptionGroup var confirmation: Confirmation

        @Flag(name: .shortAndLong, help: "As for 'identity rm': --yes, and print nothing once removed.")
        var quiet = false

        func execute(_ context: CommandContext) async throws {
            let kind = try ServiceKind.named(service)
            guard try await context.store.serviceSettings(kind.rawValue) != nil else { throw LookupError.serviceNotConfigured(kind.rawValue) }
            // The client secret goes with the settings and cannot be shown again: ask first.
            try confirmation.confirm("Forget the \(kind.rawValue) settings, client secret included?", context: context, skip: quiet,
                                     declined: "Nothing removed.")
            try await context.store.updateService(kind.rawValue) { settings in
                guard settings != nil else { throw LookupError.serviceNotConfigured(kind.rawValue) }
                settings = nil
            }
            if !quiet {
                context.err("Removed the \(kind.rawValue) settings; its identities stay (see 'everyauth identity ls \(kind.rawValue)').")
            }
        }
    }
}
