@testable import EveryAuthCLI
import EveryAuthCore
import Testing

/// Durations as people write them, for `--for`, `--interval` and `--min-valid` (issue 26 item 5:
/// "durations like 1h30m").
@Suite struct DurationOptionTests {
    @Test(arguments: [
        ("90", 90.0), ("0.5", 0.5), ("45s", 45), ("30m", 1_800), ("2h", 7_200), ("1d", 86_400), ("1.5h", 5_400),
        ("1h30m", 5_400), ("1d12h", 129_600), ("2h15m30s", 8_130), (" 10M ", 600),
    ])
    func acceptedSpans(_ text: String, _ seconds: Double) throws {
        #expect(try DurationOption.seconds(text, flag: "--for") == seconds)
    }

    @Test(arguments: ["", "h", "0", "-5m", "0m", "1x", "30m1h", "1h1h", "1h30", "m30", "1..5h", "inf", "nan", "1e400", "1 h"])
    func refusedSpansNameTheFlag(_ text: String) {
        let error = #expect(throws: UsageError.self) { try DurationOption.seconds(text, flag: "--for") }
        #expect(error?.message.hasPrefix("--for: '\(text)' is not a duration") == true, "\(error?.message ?? "")")
    }
}
