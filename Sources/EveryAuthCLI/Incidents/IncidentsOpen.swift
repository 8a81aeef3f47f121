import ArgumentParser
import EveryAuthCore
import EveryAuthLoopback
import Foundation

extension IncidentsCommand {
    /// `everyauth incidents open ID`: the incident's page in the browser.
    struct Open: EveryAuthCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Open an incident's PagerDuty page with $BROWSER (else xdg-open) and print its address.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var access: PagerDutyAccessOptions

        @Argument(help: IncidentArgument.help("The incident"), transform: IncidentArgument.parse)
        var incident: IncidentReference

        func execute(_ context: CommandContext) async throws {
            let client = try await access.client(context).client
            let found = try await client.incident(incident)
            let url = try IncidentWebAddress.url(of: found, id: incident.description)
            context.out(url + "\n")
            context.flushStdout()
            // Waited for briefly: a browser that fails must be reported before this command ends.
            if let problem = await BrowserLauncher(environment: context.environment.variables).open(url, waitingAtMost: 3) {
                context.warning(problem)
            }
        }
    }
}
