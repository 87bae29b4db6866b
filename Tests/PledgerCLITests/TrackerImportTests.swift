import Foundation
import PledgerTestSupport
import Testing

@Suite struct TrackerImportTests {
    private func prepare(_ csv: String) throws -> CLITestCase {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        for file in [Fixtures.dailyCallerFile, Fixtures.theHillFile] {
            try FileManager.default.copyItem(
                at: Fixtures.seedCaseFolder.appending(path: file), to: test.directory.url.appending(path: file))
        }
        try test.directory.write(csv, to: "tracker.csv")
        return test
    }

    @Test func spreadsheetRowsBecomeCommitmentsAndAssessmentsInOneGo() throws {
        let test = try prepare(#"""
            Actor,Promise,Source,Quote,Status,Date,Due,Tags
            Xi Jinping,"Curtail fentanyl precursors, dramatically",\#(Fixtures.dailyCallerFile),"take steps to ""dramatically curtail""",stalled,2024-04-16,,fentanyl;us-china
            Antony Blinken,Answer the lawmakers,\#(Fixtures.theHillFile),provide answers within 60 days,,2023-08-02,+60d,
            """#)
        let output = try test.cli.succeed(["import", "--from-csv", "tracker.csv"])
        #expect(output.hasPrefix("Imported 2 rows: 2 commitments, 1 assessment, 2 new sources, 2 new actors"))
        let list = try #require(try test.json(["list", "--as-of", "2024-05-01", "--format", "json"]) as? [[String: Any]])
        #expect(list.map { $0["status"] as? String } == ["stalled", "not-yet-rated"])
        #expect(list.last?["daysOverdue"] as? Int == 213)
        let first = try #require(list.first?["commitment"] as? [String: Any])
        #expect(first["summary"] as? String == "Curtail fentanyl precursors, dramatically")
        #expect(first["promisors"] as? [String] == ["xi-jinping"])
        #expect(try test.cli.run(["verify"]).status == 0)
    }

    @Test func aBadRowImportsNothingAndNamesTheRow() throws {
        let test = try prepare("""
            actor,promise,source,quote,made
            Xi Jinping,Curtail,\(Fixtures.dailyCallerFile),dramatically curtail,2023-11-15
            Xi Jinping,Something else,\(Fixtures.dailyCallerFile),words that are not there at all,2023-11-15
            """)
        let before = try test.entryCount()
        expectRefusal(try test.cli.run(["import", "--from-csv", "tracker.csv"]), mentioning: "row 3: quote \"words that are not there at all\" was not found")
        #expect(try test.entryCount() == before)
    }

    @Test func anHTMLSourceIsArchivedAsItsReadableTextAsSourceAddDoesIt() throws {
        let test = try prepare("""
            actor,promise,source,quote,status,date
            Mayor,Fix the bridge,page.html,fix the north bridge by June,Not-Yet-Rated,2024-01-10
            """)
        try test.directory.write(
            "<!doctype html><html><body><nav>Menu</nav><p>The mayor will <b>fix the north bridge</b> by June.</p></body></html>",
            to: "page.html")
        let output = try test.cli.succeed(["import", "--from-csv", "tracker.csv"])
        #expect(output.hasPrefix("Imported 1 row: 1 commitment, 0 assessments, 1 new source"), "\(output)")
        let text = try test.cli.succeed(["source", "show", "S1", "--text"])
        #expect(text.contains("The mayor will fix the north bridge by June."))
        #expect(!text.contains("<b>"))
        #expect(try test.cli.run(["verify"]).status == 0)
    }

    @Test func anActorNameWithAnEscapeSequenceIsRefusedByRow() throws {
        let test = try prepare("actor,promise,source,quote\nMa\u{1B}[2Jyor,Curtail,\(Fixtures.dailyCallerFile),dramatically curtail\n")
        let before = try test.entryCount()
        expectRefusal(
            try test.cli.run(["import", "--from-csv", "tracker.csv"]),
            mentioning: "row 2: the actor column holds the control character U+001B")
        #expect(try test.entryCount() == before)
    }

    @Test func aMissingAuthorIsRefusedBeforeAnyRowIsBlamed() throws {
        let test = try prepare("actor,promise,source,quote\nXi Jinping,Curtail,\(Fixtures.dailyCallerFile),dramatically curtail\n")
        let before = try test.entryCount()
        let anonymous = CLIRunner(workingDirectory: test.directory.url, environment: ["PLEDGER_AUTHOR": "", "USER": ""])
        let result = try anonymous.run(["import", "--from-csv", "tracker.csv"])
        expectRefusal(result, mentioning: "no author to record: pass --as NAME")
        #expect(!result.stderr.contains("row 2"))
        #expect(try test.entryCount() == before)
    }

    @Test(arguments: [
        ("made,due\n2023-11-15,2023-11-01", "check the due column and the made column"),
        ("made,due\n2023-11-15,soon", "a number of days after the made column"),
        ("made,status,date\n2023-11-15,kept,2023-11-01", "check the date column"),
        ("made,to\n2023-11-15,Xi Jinping", "the to column names whom the promise was made to"),
    ])
    func aRowErrorNamesTheColumnToFixNotACommandLineOption(columns: String, refusal: String) throws {
        let lines = columns.split(separator: "\n")
        let test = try prepare("actor,promise,source,quote,\(lines[0])\nXi Jinping,Curtail,\(Fixtures.dailyCallerFile),dramatically curtail,\(lines[1])\n")
        let before = try test.entryCount()
        let result = try test.cli.run(["import", "--from-csv", "tracker.csv"])
        expectRefusal(result, mentioning: "row 2: ")
        #expect(result.stderr.contains(refusal), "\(result.stderr)")
        #expect(!result.stderr.contains("--"), "\(result.stderr)")
        #expect(try test.entryCount() == before)
    }

    @Test func anOccurrenceColumnChoosesAmongRepeatedWords() throws {
        let test = try prepare("actor,promise,source,quote,made\nXi Jinping,Curtail,\(Fixtures.dailyCallerFile),fentanyl,2023-11-15\n")
        let ambiguous = try test.cli.run(["import", "--from-csv", "tracker.csv"])
        #expect(ambiguous.status != 0)
        #expect(ambiguous.stderr.contains("fill the occurrence column with N to choose one"), "\(ambiguous.stderr)")
        try test.directory.write(
            "actor,promise,source,quote,made,occurrence\nXi Jinping,Curtail,\(Fixtures.dailyCallerFile),fentanyl,2023-11-15,2\n",
            to: "tracker.csv")
        try test.cli.succeed(["import", "--from-csv", "tracker.csv"])
        let shown = try test.cli.succeed(["show", "C1"])
        let byOption = try test.cli.succeed([
            "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "fentanyl", "--occurrence", "2",
            "--made", "2023-11-15",
        ])
        #expect(byOption.contains("C2"))
        let anchor = { (text: String) in text.split(separator: "\n").first { $0.contains("code points") }.map(String.init) }
        #expect(anchor(shown) != nil)
        #expect(anchor(shown) == anchor(try test.cli.succeed(["show", "C2"])))
    }

    @Test func aMissingSourceFileIsNamedWithWhereItWasLookedFor() throws {
        let test = try prepare("actor,promise,source,quote\nXi Jinping,Curtail,missing.txt,dramatically curtail\n")
        let result = try test.cli.run(["import", "--from-csv", "tracker.csv"])
        expectRefusal(result, mentioning: "row 2: no file at")
        #expect(result.stderr.contains("the source column names files in the CSV's folder"))
        #expect(!result.stderr.contains("stdin"))
    }

    @Test func importingTheSameTrackerAgainIsRefusedRatherThanScoredTwice() throws {
        let test = try prepare(
            "actor,promise,source,quote,made\nXi Jinping,Curtail,\(Fixtures.dailyCallerFile),dramatically curtail,2023-11-15\n")
        try test.cli.succeed(["import", "--from-csv", "tracker.csv"])
        let before = try test.entryCount()
        let again = try test.cli.run(["import", "--from-csv", "tracker.csv"])
        expectRefusal(again, mentioning: "row 2: C1 already records this promise (the same actor, quote of S1, promise and made day)")
        #expect(!again.stderr.contains("--"))
        #expect(try test.entryCount() == before)
    }

    @Test func missingColumnsAreNamed() throws {
        let test = try prepare("actor,promise\nXi,Curtail\n")
        expectRefusal(try test.cli.run(["import", "--from-csv", "tracker.csv"]), mentioning: "the CSV has no source, quote column")
    }
}
