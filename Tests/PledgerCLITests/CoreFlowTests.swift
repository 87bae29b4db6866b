import Foundation
import PledgerTestSupport
import Testing

@Suite struct CoreFlowTests {
    @Test func logEvidenceAssessAndReportEndToEnd() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let logged = try test.cli.succeed([
            "commitment", "add", "--by", "xi-jinping", "--to", "joe-biden", "--source", "S1",
            "--quote", "take steps to \"dramatically curtail\" the production", "--made", "2023-11-15",
            "--summary", "Curtail fentanyl precursors", "--tag", "fentanyl",
        ])
        #expect(logged.hasPrefix("Logged C1: Curtail fentanyl precursors"))
        #expect(logged.contains("“dramatically curtail”"))
        let attached = try test.cli.succeed([
            "evidence", "add", "C1", "--source", "S1", "--quote", "found no evidence of new criminal enforcement actions",
            "--stance", "contradicts",
        ])
        #expect(attached.hasPrefix("Attached E1 to C1 (contradicts, observed 2024-04-16)"))
        let assessed = try test.cli.succeed([
            "assess", "C1", "--status", "stalled", "--evidence", "E1", "--rationale", "No enforcement found.",
            "--effective", "2024-04-16",
        ])
        #expect(assessed.contains("Assessed C1 as stalled from 2024-04-16 (A1)"))

        let text = try test.cli.succeed(["report", "--as-of", "2024-05-01"])
        #expect(text.hasPrefix("COMPLIANCE REPORT AS OF 2024-05-01"))
        #expect(text.contains("C1 · STALLED · Curtail fentanyl precursors"))
        let report = try test.cli.succeed(["report", "--as-of", "2024-05-01", "--format", "markdown"])
        #expect(report.contains("# Compliance report as of 2024-05-01"))
        #expect(report.contains("### C1: Curtail fentanyl precursors"))
        #expect(report.contains("**Status:** stalled"))
        #expect(report.contains("found no evidence of new criminal enforcement actions"))

        let json = try #require(try test.json(["report", "--as-of", "2024-05-01", "--format", "json"]) as? [String: Any])
        let overall = try #require(json["overall"] as? [String: Any])
        #expect(overall["compliancePercent"] as? Double == 0)
        let stamp = try #require(json["stamp"] as? [String: Any])
        #expect(stamp["entryCount"] as? Int == 9)
    }

    @Test func showJSONCarriesRefsEntryHashesAndQuoteSelectors() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment()
        let shown = try #require(try test.json(["show", "C1", "--format", "json", "--as-of", "2024-01-01"]) as? [String: Any])
        let commitment = try #require(shown["commitment"] as? [String: Any])
        #expect(commitment["ref"] as? String == "C1")
        #expect((commitment["entryHash"] as? String)?.count == 64)
        let quote = try #require(commitment["quote"] as? [String: Any])
        #expect(quote["source"] as? String == "S1")
        #expect(quote["exact"] as? String == "dramatically curtail")
        #expect((quote["textSHA256"] as? String)?.count == 64)
        let start = try #require(quote["start"] as? Int)
        #expect(quote["end"] as? Int == start + 20)
        #expect((quote["prefix"] as? String)?.hasSuffix("“") == true)
        #expect((quote["suffix"] as? String)?.hasPrefix("”") == true)
        #expect(shown["status"] as? String == "not-yet-rated")
    }

    @Test func listFiltersByStatusActorTagAndOverdue() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed(["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15", "--due", "+30d", "--tag", "fentanyl"])
        try test.cli.succeed(["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "formed a counternarcotics", "--made", "2023-11-15"])
        let overdue = try #require(try test.json(["list", "--overdue", "--as-of", "2024-01-01", "--format", "json"]) as? [[String: Any]])
        #expect(overdue.count == 1)
        #expect(overdue.first?["daysOverdue"] as? Int == 17)
        let byActor = try test.cli.succeed(["list", "--actor", "prc", "--as-of", "2024-01-01"])
        #expect(byActor.contains("C2") && !byActor.contains("C1 "))
        let byTag = try #require(try test.json(["list", "--tag", "fentanyl", "--format", "json"]) as? [[String: Any]])
        #expect(byTag.count == 1)
        let stalled = try test.cli.succeed(["list", "--status", "stalled"])
        #expect(stalled.contains("No commitments match"))
    }

    @Test func aMultiPartyPledgeShowsAndListsEachPartysOwnStatusAndDaysOverdue() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed([
            "commitment", "add", "--by", "xi-jinping", "--by", "joe-biden", "--source", "S1", "--quote", "formed a counternarcotics",
            "--made", "2023-11-15", "--due", "2024-01-31",
        ])
        for party in ["xi-jinping", "joe-biden"] {
            try test.cli.succeed(["assess", "C1", "--for", party, "--status", "kept", "--rationale", "Formed.", "--effective", "2024-01-10"])
        }
        let kept = try test.cli.succeed(["list", "--status", "kept", "--as-of", "2024-03-01"])
        #expect(kept.contains("C1"), "every party kept it: \(kept)")
        #expect(try test.cli.succeed(["list", "--overdue", "--as-of", "2024-03-01"]).contains("No commitments match"))
        try test.cli.succeed(["assess", "C1", "--for", "xi-jinping", "--status", "stalled", "--rationale", "Paused.", "--effective", "2024-02-10"])
        let shown = try test.cli.succeed(["show", "C1", "--as-of", "2024-03-01"])
        #expect(shown.contains("per party:  xi-jinping stalled, 30 days overdue; joe-biden kept"), "\(shown)")
        #expect(try test.cli.succeed(["list", "--overdue", "--as-of", "2024-03-01"]).contains("C1"))
    }

    @Test func sourceAddReadsStdinAndSameTextReturnsTheExistingSource() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        let first = try test.cli.succeed(["source", "add", "-", "--title", "Memo", "--publisher", "Office"], stdin: "We will act.\r\n")
        #expect(first.hasPrefix("Added S1: Memo"))
        let again = try test.cli.succeed(["source", "add", "-", "--title", "Memo again", "--publisher", "Office"], stdin: "We will act.\n")
        #expect(again.hasPrefix("Already archived as S1"))
        #expect(try test.cli.succeed(["source", "show", "S1", "--text"]) == "We will act.\n")
        #expect(try test.entryCount() == 2)
    }

    @Test func historyAndLogListTheEntriesInOrder() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed(["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15"])
        try test.cli.succeed(["assess", "C1", "--status", "in-progress", "--rationale", "Talks.", "--effective", "2023-12-01"])
        let history = try #require(try test.json(["history", "C1", "--format", "json"]) as? [[String: Any]])
        #expect(history.map { $0["kind"] as? String } == ["commitment.logged", "status.assessed"])
        let log = try test.cli.succeed(["log"])
        #expect(log.contains("ledger.created"))
        #expect(log.contains("A1 C1 → in-progress from 2023-12-01"))
    }

    @Test func reportWritesTheFormatItsFileExtensionNames() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let result = try test.cli.run(["report", "-o", "out.json"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Wrote json report to out.json"))
        let data = try Data(contentsOf: test.directory.url.appending(path: "out.json"))
        #expect((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["schemaVersion"] as? Int == 2)
    }

    @Test func verifyIsSilentOnAnIntactLedger() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let result = try test.cli.run(["verify"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    @Test func reportWithVerifyRefusesALedgerWhoseTablesDisagreeWithItsLog() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 shell")
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment()
        try test.cli.succeed(["assess", "C1", "--status", "stalled", "--rationale", "No action.", "--effective", "2024-04-16"])
        // The stamp's generation time is pinned, so two runs a second apart render the same bytes.
        var pinned = test.cli
        pinned.environment["SOURCE_DATE_EPOCH"] = "1714521600"
        let plain = try pinned.succeed(["report", "--format", "json", "--as-of", "2024-05-01"])
        #expect(try pinned.succeed(["report", "--verify", "--format", "json", "--as-of", "2024-05-01"]) == plain)
        // One cell edited behind the log: the plain report shows it under the same stamp.
        let process = Process()
        process.executableURL = URL(filePath: sqlite3)
        process.arguments = [test.directory.path("pledger.sqlite"), "UPDATE assessment SET status = 'kept'"]
        try process.run()
        process.waitUntilExit()
        #expect(try test.cli.succeed(["report", "--format", "json", "--as-of", "2024-05-01"]).contains(#""status" : "kept""#))
        expectRefusal(
            try test.cli.run(["report", "--verify", "--as-of", "2024-05-01"]),
            mentioning: "the ledger fails verification (1 problem; the first: table assessment")
    }

    @Test func verifyNamesATamperedCellAndExitsOne() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 shell")
        let test = try CLITestCase()
        try test.seededLedger()
        let process = Process()
        process.executableURL = URL(filePath: sqlite3)
        process.arguments = [test.directory.path("pledger.sqlite"), "UPDATE actor SET name = 'Someone else' WHERE slug = 'prc'"]
        try process.run()
        process.waitUntilExit()
        let result = try test.cli.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"verify: table actor, row slug="prc" from entry 3: column name is "Someone else" but the log gives "People’s Republic of China""#))
        #expect(result.stderr.hasSuffix("verify: 1 problem; the log is intact: `pledger repair --rebuild-projection` rebuilds the tables from it\n"))
    }
}
