import ArgumentParser
import EveryAuthCore

/// An incident named on the command line, as `IncidentReference` reads it: an id (`PABC123`) or
/// a number (`972`, `#972`). Every command that names an incident takes it through here, so an
/// argument that is neither is a usage error (64) before any request.
enum IncidentArgument {
    /// The help of an incident argument.
    static func help(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what): an id (PABC123) or a number (972, #972).", valueName: "incident")
    }

    /// `text` as a reference, or the usage error saying what an incident argument is.
    static func parse(_ text: String) throws -> IncidentReference {
        do {
            return try IncidentReference(parsing: text)
        } catch {
            throw ValidationError(error.problem)
        }
    }
}

/// An incident argument of a command that takes several: one named, or `-` for every incident
/// named on stdin, one per line (as `pd --pipe` users expect).
enum IncidentInput: Hashable, Sendable {
    case given(IncidentReference)
    case stdin
}

extension IncidentArgument {
    /// The help of an argument taking several incidents, `-` included.
    static func helpMany(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what): ids (PABC123) or numbers (972, #972); '-' reads them from stdin, one per line.", valueName: "incident")
    }

    /// `-`, or an incident as `parse` reads it.
    static func parseInput(_ text: String) throws -> IncidentInput {
        text == "-" ? .stdin : .given(try parse(text))
    }

    /// The incidents `inputs` name, `-` replaced by those on stdin in their order. A line's first
    /// word is taken (a tsv row of `incidents list` starts with the number); empty lines are
    /// skipped; any other line is a usage error naming it, before any request.
    static func references(_ inputs: [IncidentInput], context: CommandContext) throws -> [IncidentReference] {
        guard inputs.contains(.stdin) else {
            return inputs.compactMap { if case .given(let reference) = $0 { return reference } else { return nil } }
        }
        guard inputs.filter({ $0 == .stdin }).count == 1 else { throw UsageError("'-' (stdin) may be given once") }
        guard !context.stdinIsTerminal else { throw UsageError("'-' reads incidents from stdin, which is a terminal; pipe them in, one per line") }
        let text = context.streams.stdin.readAll()
        var read: [IncidentReference] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let word = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).first else { continue }
            do {
                read.append(try IncidentReference(parsing: String(word)))
            } catch {
                throw UsageError("stdin line \(number + 1): \(error.problem)")
            }
        }
        guard !read.isEmpty else { throw UsageError("'-': no incident arrived on stdin; pipe ids or numbers in, one per line") }
        return inputs.flatMap { input -> [IncidentReference] in
            switch input {
            case .given(let reference): return [reference]
            case .stdin: return read
            }
        }
    }
}
