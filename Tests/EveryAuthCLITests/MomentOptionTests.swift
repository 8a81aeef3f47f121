import EveryAuthCore
import Foundation
import Testing

@testable import EveryAuthCLI

/// Times as people type them for --at, --start, --end, --since and --until.
@Suite struct MomentOptionTests {
    /// 2026-12-07T17:30:00Z.
    let now = Date(timeIntervalSince1970: 1_796_664_600)
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    private func iso(_ text: String, zone: TimeZone? = nil) throws -> String {
        Timestamp.format(try MomentOption.date(text, flag: "--at", zone: zone ?? berlin, now: now))
    }

    @Test func nowAndSpansAheadAndBack() throws {
        #expect(Timestamp.format(now) == "2026-12-07T17:30:00Z")
        #expect(try iso("now") == "2026-12-07T17:30:00Z")
        #expect(try iso("NOW") == "2026-12-07T17:30:00Z")
        #expect(try iso("+2h") == "2026-12-07T19:30:00Z")
        #expect(try iso("in 1h30m") == "2026-12-07T19:00:00Z")
        #expect(try iso("-30m") == "2026-12-07T17:00:00Z")
        #expect(try iso("2d ago") == "2026-12-05T17:30:00Z")
    }

    @Test func wallClockTimesAreReadInTheZone() throws {
        #expect(try iso("2026-12-24 18:00") == "2026-12-24T17:00:00Z")
        #expect(try iso("2026-12-24T18:00") == "2026-12-24T17:00:00Z")
        #expect(try iso("2026-12-24T18:00:30") == "2026-12-24T17:00:30Z")
        #expect(try iso("2026-07-01 18:00") == "2026-07-01T16:00:00Z")
        #expect(try iso("2026-12-24") == "2026-12-23T23:00:00Z")
        #expect(try iso("18:00") == "2026-12-07T17:00:00Z")
        #expect(try iso("18:00", zone: TimeZone(identifier: "UTC")!) == "2026-12-07T18:00:00Z")
    }

    @Test func anInstantWithAnOffsetIgnoresTheZone() throws {
        #expect(try iso("2026-12-24T18:00:00Z") == "2026-12-24T18:00:00Z")
        #expect(try iso("2026-12-24T18:00:00-05:00") == "2026-12-24T23:00:00Z")
    }

    @Test(arguments: ["tomorrow", "2026-02-30", "2026-12-24 25:00", "24:00", "+", "+2x", "2026-13-01", "18:60", "in", "", "12-24"])
    func anythingElseIsAUsageErrorNamingTheFlag(_ text: String) {
        #expect {
            _ = try MomentOption.date(text, flag: "--start", zone: berlin, now: now)
        } throws: { error in
            (error as? UsageError)?.message.hasPrefix("--start: '\(text)' is not a time") == true
        }
    }

    @Test func theZoneComesFromTheFlagThenTZ() throws {
        #expect(try MomentOption.zone("Asia/Tokyo", environment: ["TZ": "UTC"]).identifier == "Asia/Tokyo")
        #expect(try MomentOption.zone(nil, environment: ["TZ": "America/New_York"]).identifier == "America/New_York")
        #expect(try MomentOption.zone(nil, environment: ["TZ": ":Europe/Paris"]).identifier == "Europe/Paris")
        #expect(throws: UsageError.self) { _ = try MomentOption.zone("Mars/Olympus", environment: [:]) }
    }

    @Test func wallClockShowsTheYearOnlyWhenItIsAnother() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(WallClock.text(Date(timeIntervalSince1970: 1_796_904_000), zone: utc, now: now) == "Thu 12-10 12:00")
        #expect(WallClock.text(Date(timeIntervalSince1970: 1_796_904_000 + 40 * 86_400), zone: utc, now: now) == "Tue 2027-01-19 12:00")
        #expect(WallClock.text(Date(timeIntervalSince1970: 1_796_904_000), zone: TimeZone(identifier: "America/New_York")!, now: now) == "Thu 12-10 07:00")
    }

    @Test func theEditorWritesTheNoteAndCommentsAreLeftOut() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("everyauth-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let editor = directory.appendingPathComponent("editor.sh")
        // Writes a note above the template's comment lines, as a person would.
        try "#!/bin/sh\n{ printf 'Rolled back deploy 4411.\\nErrors stopped.\\n'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n"
            .write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor.path)
        let note = try NoteEditor.edit(about: "#972", environment: ["EDITOR": editor.path])
        #expect(note == "Rolled back deploy 4411.\nErrors stopped.")
        // $VISUAL wins over $EDITOR; an editor that fails sends nothing.
        #expect(throws: NoteEditorFailure.self) { _ = try NoteEditor.edit(about: "#972", environment: ["VISUAL": "false", "EDITOR": editor.path]) }
        #expect(try NoteEditor.edit(about: "#972", environment: ["EDITOR": "true"]) == "")
    }
}
