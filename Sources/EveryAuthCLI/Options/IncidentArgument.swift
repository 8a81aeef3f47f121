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
