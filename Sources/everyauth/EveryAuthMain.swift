import EveryAuthCLI
import Foundation

/// The `everyauth` executable: parsing, running, the error form and exit codes all live in
/// `EveryAuthCLI`'s `CommandRunner`, which the in-process tests run too.
@main
enum EveryAuthMain {
    static func main() async {
        // A closed pipe (`| head -1`) must end output quietly, not kill the process mid-write.
        signal(SIGPIPE, SIG_IGN)
        let status = await CommandRunner.run(Array(CommandLine.arguments.dropFirst()),
                                             environment: ProcessInfo.processInfo.environment, streams: .standard())
        exit(status)
    }
}
