import ArgumentParser
import EveryAuthCore
import Foundation

/// `everyauth api PATH`: any PagerDuty REST endpoint with the identity's token, like `gh api`.
struct APICommand: EveryAuthCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Call any PagerDuty REST endpoint with a stored identity's token (like 'gh api').",
        discussion: """
            PATH is relative to the service's apiUrl (/users/me, incidents?limit=5); an absolute URL is \
            accepted only on the apiUrl host, so tokens never go elsewhere. The method is GET, or POST when \
            fields or --input are given (GET with --paginate). -f adds a string field, -F a typed one (true, false, null, integers, \
            @FILE for a file's contents, @- for stdin); key[]=v repeated makes an array, key[sub]=v an object \
            member. On GET the fields go to the query string, otherwise into a JSON body. --paginate follows \
            classic (offset/more) and cursor (next_cursor) pagination: -o ndjson streams the listed elements \
            one per line, -o json prints them as one array. A non-2xx answer prints PagerDuty's error on \
            stderr (exit 3 for 401/403, 5 otherwise).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The endpoint: a path under the apiUrl, or an absolute URL on its host.", valueName: "path"))
    var path: String

    @Option(name: [.customShort("X"), .long], help: ArgumentHelp("The HTTP method (default: GET, or POST with fields or --input).", valueName: "method"))
    var method: String?

    @Option(name: [.customShort("f"), .customLong("raw-field")], help: ArgumentHelp("A string field KEY=VALUE; repeatable.", valueName: "key=value"))
    var rawFields: [String] = []

    @Option(name: [.customShort("F"), .customLong("field")], help: ArgumentHelp("A typed field KEY=VALUE (true, false, null, integers, @FILE); repeatable.", valueName: "key=value"))
    var typedFields: [String] = []

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("An extra request header 'Name: value'; repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("The request body from FILE, or '-' for stdin; fields then go to the query string.", valueName: "file"),
            completion: .file())
    var input: String?

    @Flag(help: "Fetch every page of a listing (offset/more or next_cursor).")
    var paginate = false

    @Flag(name: [.customShort("i"), .customLong("include")], help: "Print the status line and the response headers first.")
    var include = false

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("json (default) or ndjson (the listed elements, one per line).", valueName: "format"))
    var output: APIOutputFormat?

    @Option(help: ArgumentHelp("The From header of writes (default: $PAGERDUTY_FROM).", valueName: "email"))
    var from: String?

    @OptionGroup var access: PagerDutyAccessOptions

    func validate() throws {
        try validatingUsage {
            for pair in rawFields { _ = try APIField.string(pair) }
            for pair in typedFields { _ = try APIField.typed(pair) { _ in "" } }
            for line in headers { _ = try APIRequest.header(line) }
        }
        if let input, input.isEmpty { throw ValidationError("--input: give a file, or '-' for stdin") }
        if input == "-", typedFields.contains(where: { $0.hasSuffix("=@-") }) {
            throw ValidationError("--input - and -F KEY=@- both read stdin; give one of them")
        }
        if paginate, let method, method.uppercased() != "GET" { throw ValidationError("--paginate follows GET listings only") }
        if paginate, method == nil, input != nil { throw ValidationError("--paginate follows GET listings only; --input makes a POST") }
    }

    func execute(_ context: CommandContext) async throws {
        // --paginate follows GET listings, so there the fields are the query even without -X GET.
        var request = APIRequest(method: method ?? (paginate ? "GET" : nil), path: path)
        request.fields = try rawFields.map { try APIField.string($0) }
            + typedFields.map { try APIField.typed($0) { String(decoding: try Self.read($0), as: UTF8.self) } }
        request.headers = try headers.map(APIRequest.header)
        request.body = try input.map(Self.read)
        let (client, identity) = try await access.client(context)
        // Writes carry From like every incidents write: --from, $PAGERDUTY_FROM, the identity's email.
        request.from = try RequesterEmail.resolve(explicit: from, environment: context.environment.variables, identity: identity)
        let http = try request.httpRequest(apiURL: client.baseURL)
        let format = output ?? .json
        // On a terminal JSON is for reading; in a pipe it stays as PagerDuty sent it.
        let pretty = context.stdoutIsTerminal
        var merged: [JSONValue] = []
        var merging = false
        try await client.pages(http, paginate: paginate) { page in
            if include { context.out(Self.head(page.response)) }
            if let error = page.error {
                context.flushStdout()
                if page.response.status == 405, method == nil, !request.fields.isEmpty {
                    throw HintedError(base: error, hint: "-f/-F make a POST; add -X GET to send the fields as a query")
                }
                throw error
            }
            if paginate, page.arrayKey != nil {
                if format == .ndjson {
                    context.out(page.elements.map { $0.serialized(pretty: false) + "\n" }.joined())
                    context.flushStdout()
                } else {
                    merging = true
                    merged += page.elements
                }
            } else if format == .ndjson, let body = page.body {
                let lines = page.arrayKey == nil ? [body] : page.elements
                context.out(lines.map { $0.serialized(pretty: false) + "\n" }.joined())
            } else if pretty, let body = page.body {
                context.out(body.serialized(pretty: true) + "\n")
            } else if !page.response.body.isEmpty {
                // Without pagination the body goes out as PagerDuty sent it.
                let text = String(decoding: page.response.body, as: UTF8.self)
                context.out(text.hasSuffix("\n") ? text : text + "\n")
            }
        }
        if merging { context.out(JSONValue.array(merged).serialized(pretty: true) + "\n") }
    }

    /// `HTTP 200` and the headers as received, then a blank line (as `curl -i` shows them).
    private static func head(_ response: HTTPClient.Response) -> String {
        var text = "HTTP \(response.status)\n"
        for header in response.headers { text += "\(header.name): \(header.value)\n" }
        return text + "\n"
    }

    /// The bytes of FILE, or of stdin for `-`, as they are (a body is sent unchanged).
    private static func read(_ file: String) throws -> Data {
        let data: Data?
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: file)
        }
        guard let data else { throw UsageError("cannot read '\(file)': no such file or not readable") }
        return data
    }
}
