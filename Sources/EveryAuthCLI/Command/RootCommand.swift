import ArgumentParser
import EveryAuthCore

/// The root command, `everyauth SUBCOMMAND`; the executable target only calls its `main()`.
public struct RootCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "everyauth",
        abstract: "Authorize access to PagerDuty on behalf of users, keep their credentials, and call the API.",
        discussion: """
            Exit codes: \(ExitStatus.allCases.map { "\($0.rawValue) \($0.summary)" }.joined(separator: "; ")).
            """,
        version: EveryAuthVersion.current,
        subcommands: [ServiceCommand.self, AuthorizeCommand.self, IdentityCommand.self, IncidentsCommand.self, OncallCommand.self, SchedulesCommand.self, ServicesCommand.self, UsersCommand.self, TeamsCommand.self, EscalationPoliciesCommand.self, MaintenanceWindowsCommand.self, APICommand.self, ExecCommand.self, StoreCommand.self, ServeCommand.self, VersionCommand.self]
    )

    public init() {}
}
