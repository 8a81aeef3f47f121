import ArgumentParser
import EveryAuthCore

/// `-y/--yes`, the one confirmation flag (SPEC §6): every command that asks before it changes or
/// removes something takes it, and asks the same way. On a terminal without `--yes` the question
/// is put on stderr and only y/yes agrees (declining exits 1); without a terminal `--yes` is
/// needed, since nobody can answer.
struct Confirmation: ParsableArguments {
    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not ask for confirmation (needed when stdin is not a terminal).")
    var yes = false

    /// Asks `question` (after `preview`, if any) unless `--yes` or `skip`; throws when the
    /// answer is no (exit 1) or nobody can answer (a usage error naming `--yes`).
    func confirm(_ question: String, preview: String? = nil, context: CommandContext, skip: Bool = false,
                 declined: String = "Nothing changed.") throws {
        guard !yes, !skip else { return }
        try checkAnswerable(context)
        if let preview { context.prompt(preview) }
        guard context.confirm(question) else {
            context.err(declined)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// Fails at once when a question would have to be asked and nobody can answer it, so that a
    /// command can refuse before it spends any request.
    func checkAnswerable(_ context: CommandContext, skip: Bool = false) throws {
        guard !yes, !skip, !context.stdinIsTerminal else { return }
        throw UsageError("refusing to go on without confirmation: stdin is not a terminal; pass --yes")
    }
}
