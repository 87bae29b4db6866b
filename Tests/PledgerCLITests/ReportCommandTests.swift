import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// `pledger report` formats, files and clocks, run as a subprocess.
@Suite struct ReportCommandTests {
    /// The seed case ledger built by `pledger demo` into the test directory.
    private func demoLedger() throws -> CLITestCase {
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path, "--db", "pledger.sqlite"])
        return test
    }

    @Test func showMarksWhatTakesEffectAfterItsAsOfDay() throws {
        let test = try demoLedger()
        let shown = try test.cli.succeed(["show", "C2", "--as-of", "2024-01-01"])
        #expect(shown.contains("status:     in-progress as of 2024-01-01"))
        let later = shown.split(separator: "\n").filter { $0.hasSuffix("[after 2024-01-01]") }
        #expect(!later.isEmpty)
        #expect(later.allSatisfy { !$0.contains("2023-") })
        #expect(!(try test.cli.succeed(["show", "C2", "--as-of", "2026-01-01"])).contains("[after"))
    }

    @Test func showIndentsTheLaterLinesOfANoteRationaleOrCriteriaUnderTheirFirst() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment(["--criteria", "Seizures rise.\nExports fall."])
        try test.cli.succeed([
            "evidence", "add", "C1", "--source", "S1", "--quote", "found no evidence", "--stance", "contradicts",
            "--observed", "2024-04-16", "--note", "Read in full.\nSee page 3.",
        ])
        try test.cli.succeed([
            "assess", "C1", "--status", "stalled", "--rationale", "No enforcement.\nNo seizures.", "--effective", "2024-04-16",
            "--evidence", "E1",
        ])
        let commitment = try test.cli.succeed(["show", "C1"])
        #expect(commitment.contains("  criteria:   Seizures rise.\n              Exports fall.\n"))
        #expect(commitment.contains("No enforcement.\n    No seizures. [E1]"))
        #expect(try test.cli.succeed(["show", "E1"]).contains("  note:       Read in full.\n              See page 3.\n"))
        #expect(try test.cli.succeed(["show", "A1"]).contains("  rationale:  No enforcement.\n              No seizures.\n"))
    }

    @Test func listAndReportAsOfTodaySayWhatIsDatedTomorrowAndLeftOut() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let tomorrow = CalendarDate(Date()).adding(days: 1)
        try test.cli.succeed([
            "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "\(tomorrow)",
            "--summary", "Made in a time zone ahead of UTC",
        ])
        let note = "note: 1 commitment made after \(CalendarDate(Date())) (today in UTC) is not counted; pass --as-of \(tomorrow) to include it"
        for command in [["list"], ["report"]] {
            let result = try test.cli.run(command)
            #expect(result.status == 0)
            #expect(result.stderr.contains(note), "\(command): \(result.stderr)")
            #expect(!result.stdout.contains("Made in a time zone ahead of UTC"))
        }
        let later = try test.cli.run(["list", "--as-of", "\(tomorrow)"])
        #expect(later.stdout.contains("Made in a time zone ahead of UTC"))
        #expect(!later.stderr.contains("note:"))
    }

    @Test func oneDayOverdueIsSaidInTheSingularInEveryFormat() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment(["--due", "2024-04-30"])
        let text = try test.cli.succeed(["report", "--as-of", "2024-05-01"])
        #expect(text.contains("C1 · NOT-YET-RATED · 1 DAY OVERDUE"))
        #expect(text.contains("due 2024-04-30, 1 day overdue"))
        #expect(try test.cli.succeed(["report", "--as-of", "2024-05-01", "--format", "markdown"]).contains("overdue by 1 day\n"))
        #expect(try test.cli.succeed(["report", "--as-of", "2024-05-01", "--format", "html"]).contains("1 day overdue"))
        let list = try test.cli.succeed(["list", "--as-of", "2024-05-01"])
        #expect(list.contains("1 day ") && !list.contains("1 days"))
        #expect(try test.cli.succeed(["show", "C1", "--as-of", "2024-05-01"]).contains("overdue by 1 day\n"))
        #expect(!text.contains("1 days"))
    }

    @Test func csvFormatWritesOneRowPerPartyWithCRLF() throws {
        let test = try demoLedger()
        let csv = try test.cli.succeed(["report", "--format", "csv", "--as-of", "2024-05-01"])
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("as_of,commitment,party,party_name,party_status,party_score"))
        #expect(lines.count == 6)  // header, C1, C2 × 2 parties, C3, and the empty string after the last CRLF
        #expect(lines[2].hasPrefix("2024-05-01,C2,united-states,United States,kept,1,"))
        #expect(lines[3].hasPrefix("2024-05-01,C2,prc,People’s Republic of China,kept,1,"))
    }

    @Test func htmlFormatIsOneSelfContainedDocument() throws {
        let test = try demoLedger()
        let html = try test.cli.succeed(["report", "--format", "html", "--as-of", "2024-05-01"])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script") && !html.contains("<link"))
        #expect(html.contains("<span class=\"badge s-stalled\">stalled</span>"))
    }

    @Test func outputFileExtensionChoosesTheFormat() throws {
        let test = try demoLedger()
        for (file, start) in [("out.html", "<!DOCTYPE html>"), ("out.csv", "as_of,"), ("out.txt", "COMPLIANCE REPORT"), ("out.md", "# Compliance report")] {
            let result = try test.cli.run(["report", "-o", file])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("report to \(file)"))
            let written = try String(contentsOf: test.directory.url.appending(path: file), encoding: .utf8)
            #expect(written.hasPrefix(start), "\(file) starts with \(written.prefix(40))")
        }
    }

    @Test func sinceListsStatusMovesInEveryFormat() throws {
        let test = try demoLedger()
        let text = try test.cli.succeed(["report", "--as-of", "2024-05-01", "--since", "2024-01-01"])
        #expect(text.contains("CHANGES SINCE 2024-01-01"))
        #expect(text.contains("C1: not yet rated → stalled (A3)"))
        let markdown = try test.cli.succeed(["report", "--as-of", "2024-05-01", "--since", "2024-01-01", "--format", "markdown"])
        #expect(markdown.contains("| C2 Form a bilateral counternarcotics working group on fentanyl | overall | in-progress | kept | A2 |"))
        let json = try #require(try test.json(["report", "--as-of", "2024-05-01", "--since", "2024-01-01", "--format", "json"]) as? [String: Any])
        let changes = try #require(json["changes"] as? [String: Any])
        #expect((changes["statusMoves"] as? [Any])?.count == 2)
        #expect((changes["newEvidence"] as? [Any])?.count == 5)
        let csv = try test.cli.succeed(["report", "--as-of", "2024-05-01", "--since", "2024-01-01", "--format", "csv"])
        #expect(csv.contains(",2024-01-01,not-yet-rated,false,E1;E2;E3\r\n"))
        let html = try test.cli.succeed(["report", "--as-of", "2024-05-01", "--since", "2024-01-01", "--format", "html"])
        #expect(html.contains("<h2>Changes since <time>2024-01-01</time></h2>"))
        // Refused while the assessments are still being read on another thread: each time a clean refusal,
        // never a crash from the ledger being closed under that read.
        for _ in 1...12 {
            expectRefusal(try test.cli.run(["report", "--as-of", "2024-05-01", "--since", "2024-06-01"]), mentioning: "is not before the as-of day")
        }
    }

    @Test func asRecordedReadsTheLedgerAtAnEarlierSize() throws {
        let test = try demoLedger()
        // Entries 0–19 are the ledger, 2 sources, 7 actors, 3 commitments and 7 evidence; the 4 assessments follow.
        let json = try #require(try test.json(["report", "--as-of", "2024-05-01", "--as-recorded", "20", "--format", "json"]) as? [String: Any])
        let stamp = try #require(json["stamp"] as? [String: Any])
        #expect(stamp["entryCount"] as? Int == 20)
        let asRecorded = try #require(stamp["asRecorded"] as? [String: Any])
        #expect(asRecorded["entryCount"] as? Int == 20)
        #expect(asRecorded["ledgerEntryCount"] as? Int == 24)
        let statuses = (json["commitments"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
        #expect(statuses == ["not-yet-rated", "not-yet-rated", "not-yet-rated"])
        let text = try test.cli.succeed(["report", "--as-of", "2024-05-01", "--as-recorded", "20"])
        #expect(text.contains("Read as recorded at entry 20 of 24"))
        // The day everything was recorded, today, reads the whole ledger; a day still to come is refused.
        let day = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let today = try #require(try test.json(["report", "--as-of", "2024-05-01", "--as-recorded", day, "--format", "json"]) as? [String: Any])
        #expect((today["stamp"] as? [String: Any])?["entryCount"] as? Int == 24)
        expectRefusal(
            try test.cli.run(["report", "--as-of", "2024-05-01", "--as-recorded", "2999-01-01"]),
            mentioning: "--as-recorded 2999-01-01 is in the future")
        expectRefusal(try test.cli.run(["report", "--as-recorded", "99"]), mentioning: "pass an entry count from 1 to 24")
        expectRefusal(try test.cli.run(["report", "--as-recorded", "1999-01-01"]), mentioning: "held no entries at the end of 1999-01-01")
        expectRefusal(try test.cli.run(["report", "--as-recorded", "soon"]), status: 64, mentioning: "neither an entry count nor a day")
    }
}
