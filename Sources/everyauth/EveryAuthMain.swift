import EveryAuthCLI

/// The `everyauth` executable: parsing, running and exit codes all live in `EveryAuthCLI`.
@main
enum EveryAuthMain {
    static func main() async {
        await RootCommand.main()
    }
}
