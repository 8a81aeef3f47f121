import ArgumentParser
import EveryAuthCore

extension ServiceCommand {
    /// `everyauth service rm SERVICE`: forgets the settings; identities stay.
    struct Remove: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Forget the settings of a service (its identities stay).",
            aliases: ["remove"]
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ServiceHelp.argument, completion: Completion.services)
        var service: String

        @Flag(name: .shortAndLong, help: "Print no confirmation.")
        var quiet = false

        func execute(_ context: CommandContext) async throws {
            let kind = try ServiceKind.named(service)
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
