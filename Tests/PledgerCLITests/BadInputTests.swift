import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct BadInputTests {
    @Test(arguments: [
        ["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15",
         "--summary", "Curtail\u{1B}[2J precursors"],
        ["actor", "add", "bell", "--name", "Ring\u{07}er", "--kind", "person"],
        ["source", "add", "-", "--title", "Title\u{9B}31m", "--publisher", "P"],
        ["actor", "add", "bell", "--name", "Bell", "--kind", "person", "--as", "mal\u{1B}[2Jory"],
    ])
    func textWithAControlCharacterIsRefusedAndNothingWritten(arguments: [String]) throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let before = try test.entryCount()
        expectRefusal(try test.cli.run(arguments, stdin: "We will act."), mentioning: "holds the control character U+")
        #expect(try test.entryCount() == before)
    }

    @Test func controlCharactersInAnImportedLedgerAreShownSafelyByListAndShow() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment(["--summary", "Curtail precursors"])
        // An export edited by someone else: the summary now clears the screen and rings the bell. Import checks
        // that lines are entries, not what the actions would accept, so it lands.
        let export = try test.cli.succeed(["export"])
        let edited = export.replacingOccurrences(of: "Curtail precursors", with: #"Curtail\u001b[2J\u0007 precursors"#)
        try #require(edited != export)
        try test.directory.write(edited, to: "edited.jsonl")
        try test.cli.succeed(["import", "edited.jsonl", "--db", "edited.sqlite"])
        for command in [["list"], ["show", "C1"]] {
            let shown = try test.cli.succeed(command + ["--db", "edited.sqlite"])
            #expect(shown.contains("Curtail\u{FFFD}[2J\u{FFFD} precursors"), "\(shown)")
            #expect(!shown.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        }
    }

    @Test func aDirectionalOverrideIsRecordedButShownAsAReplacementByListShowAndReport() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        // Right-to-left text uses these characters, so they are recorded; left open, U+202E would reverse
        // whatever a terminal shows after it on the line.
        try test.logSeedCommitment(["--summary", "Curtail \u{202E}precursors"])
        let json = try test.cli.succeed(["show", "C1", "--format", "json"])
        #expect(json.contains("Curtail \u{202E}precursors"))
        for command in [["list"], ["show", "C1"], ["report"]] {
            let shown = try test.cli.succeed(command)
            #expect(shown.contains("Curtail \u{FFFD}precursors"), "\(command): \(shown)")
            #expect(!shown.unicodeScalars.contains(where: TerminalSafety.isDirectionalFormatting), "\(command)")
        }
    }

    @Test func missingLedgerSaysToRunInit() throws {
        let test = try CLITestCase()
        expectRefusal(try test.cli.run(["list"]), mentioning: "no ledger at pledger.sqlite; run `pledger init`")
    }

    @Test func aFileThatIsNotALedgerIsRefusedAndLeftAsItWas() throws {
        let test = try CLITestCase()
        try test.directory.write("", to: "empty.txt")
        try test.directory.write("Hill said the bridge would open in May.\n", to: "hill.txt")
        try FileManager.default.createDirectory(
            at: test.directory.url.appending(path: "folder.sqlite"), withIntermediateDirectories: false)
        let refusals = [
            "empty.txt": "empty.txt is not a Pledger ledger (it is not an SQLite database)",
            "hill.txt": "hill.txt is not a Pledger ledger (it is not an SQLite database)",
            "folder.sqlite": "folder.sqlite is a folder; pass --db with the path of a ledger file",
        ]
        for (file, refusal) in refusals {
            let before = try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted()
            for command in [["list"], ["report"], ["verify"], ["actor", "add", "x", "--name", "X", "--kind", "person"]] {
                expectRefusal(try test.cli.run(command + ["--db", file]), mentioning: refusal)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted() == before)
        }
        #expect(try Data(contentsOf: test.directory.url.appending(path: "empty.txt")).isEmpty)
        for command in [["list"], ["init"]] {
            expectRefusal(try test.cli.run(command + ["--db", ""]), mentioning: "the ledger path is empty; pass --db PATH")
        }
    }

    @Test func aRetrievedTimeThatIsNeitherADayNorAnISOTimeIsRefusedAsBadUsage() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        try test.directory.write("The mayor pledged a bridge.\n", to: "minutes.txt")
        for retrieved in ["last week", "2024-13-45", "16/04/2024", "2025-03-03T10:00"] {
            expectRefusal(
                try test.cli.run(["source", "add", "minutes.txt", "--title", "T", "--publisher", "P", "--retrieved", retrieved]),
                status: 64, mentioning: "--retrieved '\(retrieved)' is neither a day (2024-04-16) nor an ISO 8601 time")
        }
        #expect(try test.entryCount() == 1)
        for retrieved in ["2024-04-16", "2024-04-16T09:30:00Z", "2024-04-16T09:30:00.250+02:00"] {
            try test.cli.succeed(["source", "add", "minutes.txt", "--title", "T", "--publisher", "P", "--retrieved", retrieved])
        }
    }

    @Test func aTagNoCommitmentHasIsRefusedRatherThanReportedEmpty() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed([
            "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made",
            "2023-11-15", "--tag", "fentanyl",
        ])
        for command in [["list"], ["report"]] {
            expectRefusal(
                try test.cli.run(command + ["--tag", "FENTANYL"]),
                mentioning: "no commitment has the tag 'FENTANYL'; tags are matched exactly: did you mean 'fentanyl'?")
            expectRefusal(try test.cli.run(command + ["--tag", "fentanil"]), mentioning: "no commitment has the tag 'fentanil'")
            #expect(try test.cli.run(command + ["--tag", "fentanyl"]).status == 0)
        }
    }

    @Test func aFormatThatContradictsTheOutputFileIsRefused() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let result = try test.cli.run(["report", "--format", "csv", "-o", "report.html"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--format csv does not match 'report.html', whose extension means html"))
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("report.html")))
        try test.cli.succeed(["report", "--format", "html", "-o", "report.html"])
        try test.cli.succeed(["report", "--format", "markdown", "-o", "notes.txt"])  // A .txt file holds any text.
        #expect(try String(contentsOfFile: test.directory.path("notes.txt"), encoding: .utf8).hasPrefix("# Compliance report"))
    }

    @Test func writingWithNoAuthorIsRefusedAndReadingStillWorks() throws {
        let test = try CLITestCase()
        let anonymous = CLIRunner(workingDirectory: test.directory.url, environment: ["PLEDGER_AUTHOR": "", "USER": ""])
        let noAuthor = "no author to record: pass --as NAME, or set PLEDGER_AUTHOR (or USER)"
        expectRefusal(try anonymous.run(["init"]), mentioning: noAuthor)
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("pledger.sqlite")))
        try test.seededLedger()
        let before = try test.entryCount()
        expectRefusal(try anonymous.run(["actor", "add", "un", "--name", "United Nations", "--kind", "group"]), mentioning: noAuthor)
        expectRefusal(
            try test.cli.run(["actor", "add", "un", "--name", "United Nations", "--kind", "group", "--as", "  "]),
            mentioning: noAuthor)
        #expect(try test.entryCount() == before)
        #expect(try anonymous.run(["list"]).status == 0)
        try anonymous.succeed(["actor", "add", "un", "--name", "United Nations", "--kind", "group", "--as", "jane"])
    }

    @Test func datesAfterTodayAreRefusedBecauseReportsWouldHideThem() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed(["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15"])
        let before = try test.entryCount()
        expectRefusal(
            try test.cli.run(["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2030-01-01"]),
            mentioning: "--made 2030-01-01 is in the future (today is ")
        expectRefusal(
            try test.cli.run(["evidence", "add", "C1", "--source", "S1", "--quote", "found no evidence", "--stance", "contradicts", "--observed", "2031-02-03"]),
            mentioning: "--observed 2031-02-03 is in the future")
        expectRefusal(
            try test.cli.run(["assess", "C1", "--status", "stalled", "--rationale", "Nothing yet.", "--effective", "2031-01-01"]),
            mentioning: "--effective 2031-01-01 is in the future")
        #expect(try test.entryCount() == before)
    }

    @Test func showNamesWhatAMalformedRefShouldLookLike() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        for ref in ["C0", "C1x", " C1", "E-2"] {
            let result = try test.cli.run(["show", ref])
            #expect(result.status == 64)
            #expect(result.stderr.contains("'\(ref)' is neither a ref (C1, E1, A1 or S1, numbered from 1) nor an actor slug"))
        }
        expectRefusal(try test.cli.run(["show", "C9"]), mentioning: "C9")
        #expect(try test.cli.run(["show", "xi-jinping"]).status == 0)
    }

    @Test func archivingTheSameTextAgainSaysWhichNewMetadataWasNotRecorded() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        try test.directory.write("The mayor pledged a bridge.\n", to: "minutes.txt")
        try test.cli.succeed(["source", "add", "minutes.txt", "--title", "Minutes", "--publisher", "Council"])
        let same = try test.cli.run(["source", "add", "minutes.txt", "--title", "Minutes", "--publisher", "Council"])
        #expect(same.status == 0 && same.stdout.hasPrefix("Already archived as S1") && same.stderr.isEmpty)
        let other = try test.cli.run([
            "source", "add", "minutes.txt", "--title", "Council minutes", "--publisher", "Council", "--url", "https://example.org",
        ])
        #expect(other.status == 0 && other.stdout.hasPrefix("Already archived as S1"))
        #expect(other.stderr == "note: S1 was archived with this text before, so --title, --url were not recorded; `pledger show S1` shows its metadata\n")
        #expect(try test.entryCount() == 2)
    }

    @Test func initRefusesAnExistingFile() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        expectRefusal(try test.cli.run(["init"]), mentioning: "a file already exists at pledger.sqlite")
    }

    @Test func refusedActionsWriteNothingAndSayWhatToDo() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed(["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15"])
        let binary = test.directory.path("binary.bin")
        try #require(FileManager.default.createFile(atPath: binary, contents: Data([0x50, 0x00, 0x51])))
        let latin1 = test.directory.path("latin1.txt")
        try #require(FileManager.default.createFile(atPath: latin1, contents: Data([0x63, 0x61, 0x66, 0xE9])))
        let cases: [([String], String)] = [
            (["source", "add", binary, "--title", "T", "--publisher", "P"], "binary"),
            (["source", "add", latin1, "--title", "T", "--publisher", "P"], "not valid UTF-8"),
            (["source", "add", "missing.txt", "--title", "T", "--publisher", "P"], "no file at missing.txt"),
            (["actor", "add", "prc", "--name", "Again", "--kind", "government"], "actor 'prc' already exists"),
            (["commitment", "add", "--by", "nobody", "--source", "S1", "--quote", "fentanyl"], "'nobody' is not a known actor"),
            (["commitment", "add", "--by", "prc", "--source", "S9", "--quote", "fentanyl"], "there is no source S9"),
            (["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "Dramatically Curtail", "--made", "2023-11-15"], "was not found"),
            (["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "fentanyl", "--made", "2023-11-15"], "--occurrence"),
            (["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15", "--due", "2023-11-01"], "before the day the commitment was made"),
            (["evidence", "add", "C7", "--source", "S1", "--quote", "fentanyl", "--stance", "supports"], "there is no commitment C7"),
            (["assess", "C1", "--status", "kept", "--for", "prc", "--rationale", "r"], "'prc' is not a promisor of C1"),
            (["assess", "C1", "--status", "kept", "--evidence", "E4", "--rationale", "r"], "there is no evidence E4"),
            (["assess", "C1", "--status", "kept", "--rationale", "r", "--effective", "2020-01-01"], "before C1 was made"),
            (["show", "C99"], "there is no commitment C99"),
            (["report", "--actor", "nobody"], "there is no actor 'nobody'"),
            (
                ["commitment", "add", "--by", "xi-jinpin", "--source", "S1", "--quote", "fentanyl"],
                "promisor 'xi-jinpin' is not a known actor; did you mean 'xi-jinping'?"
            ),
            (["actor", "add", "hu", "--name", "Hu", "--kind", "person", "--parent", "pcr"], "parent 'pcr' is not a known actor; did you mean 'prc'?"),
            (["report", "--actor", "xijinping"], "there is no actor 'xijinping'; did you mean 'xi-jinping'?"),
        ]
        let listsChoices: Set = ["was not found", "--occurrence"]  // Passages after the line, to choose from.
        let before = try test.entryCount()
        for (arguments, fragment) in cases {
            expectRefusal(try test.cli.run(arguments), mentioning: fragment, detailLines: listsChoices.contains(fragment))
        }
        #expect(try test.entryCount() == before)
        #expect(try test.cli.run(["verify"]).status == 0)
    }

    @Test func ambiguousQuoteListsEachHitWithItsLine() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let result = try test.cli.run(["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "working group", "--made", "2023-11-15"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--occurrence"))
        #expect(result.stderr.contains("line 5"))
        let chosen = try test.cli.succeed(["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "working group", "--occurrence", "2", "--made", "2023-11-15"])
        #expect(chosen.hasPrefix("Logged C1"))
    }

    @Test func malformedValuesAreUsageErrors() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let before = try test.entryCount()
        let cases: [([String], String)] = [
            (["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "q", "--made", "2023-02-30"], "2023-02-30"),
            (["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "q", "--due", "60 days"], "+60d"),
            (["commitment", "add", "--source", "S1", "--quote", "q"], "--by"),
            (["commitment", "add", "--by", "Xi Jinping", "--source", "S1", "--quote", "q"], "actor slug"),
            (["evidence", "add", "C1", "--source", "S1", "--quote", "q", "--stance", "maybe"], "maybe"),
            (["assess", "C1", "--status", "done", "--rationale", "r"], "done"),
            (["assess", "X1", "--status", "kept", "--rationale", "r"], "commitment ref"),
            (["report", "-o", "report.xlsx"], "extension"),
            (["list", "--format", "xml"], "xml"),
        ]
        for (arguments, fragment) in cases {
            expectRefusal(try test.cli.run(arguments), status: 64, mentioning: fragment)
        }
        #expect(try test.entryCount() == before)
    }

    @Test func aUsageErrorIsOneLineThatSaysWhereTheOptionsAreListed() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let cases: [([String], String)] = [
            (["report", "--ledger", "x"], "Error: Unknown option '--ledger' (--help lists the options)"),
            (["bogus"], "Error: Unexpected argument 'bogus' (--help lists the options)"),
            (["commitment", "add", "--by", "prc"], "Error: Missing expected argument '--source <ref>' (--help lists the options)"),
            (["report", "--format", "pdf"], "Please provide one of 'text', 'markdown', 'html', 'json' or 'csv' (--help lists the options)"),
        ]
        for (arguments, line) in cases {
            let result = try test.cli.run(arguments)
            expectRefusal(result, status: 64, mentioning: line)
            if line.hasPrefix("Error: ") {
                #expect(result.stderr == line + "\n")
            }
        }
        for arguments in cases.prefix(3).map(\.0) {  // The help it points to is there, on stdout.
            let help = try test.cli.run(arguments + ["--help"])
            #expect(help.status == 0 && help.stdout.hasPrefix("OVERVIEW: ") && help.stderr.isEmpty, "\(arguments)")
        }
        // ArgumentParser's multi-line messages are folded, their indentation too.
        expectRefusal(
            try test.cli.run(["--generate-completion-script", "tcsh"]), status: 64,
            mentioning: "with one of: zsh bash fish (--help lists the options)")
    }

    @Test func helpVersionAndCompletionScriptsStillGoToStdout() throws {
        let test = try CLITestCase()
        for arguments in [[], ["--help"], ["help", "report"], ["--version"], ["--generate-completion-script", "bash"]] {
            let result = try test.cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try test.cli.run(["--version"]).stdout == "0.1.0\n")
        #expect(try test.cli.run(["help", "report"]).stdout.hasPrefix("OVERVIEW: Generate a compliance status report."))
    }

    @Test(arguments: [
        (["actor", "add", "x", "--name", "X", "--kind", "person", "--parent", "x"], 1, "actor 'x' cannot be its own parent"),
        (["report", "--status", "done"], 64, "'done' is not a status; use one of not-yet-rated, in-progress, stalled"),
        (["list", "--status", "done"], 64, "'done' is not a status; use one of not-yet-rated, in-progress, stalled"),
        (["list", "--status", "Partially Kept"], 64, "'Partially Kept' is not a status; did you mean 'partially-kept'? use one of"),
        (["assess", "C1", "--status", "complete", "--rationale", "R"], 64, "'complete' is not a status; use one of in-progress, stalled, partially-kept, kept, broken, unverifiable, withdrawn"),
        (["assess", "C1", "--status", "Not Yet Rated", "--rationale", "R"], 64, "'not-yet-rated' is what a commitment is before any assessment, not one to record"),
        (
            ["evidence", "add", "C1", "--source", "S1", "--quote", "fentanyl", "--stance", "cont"],
            64, "'cont' is not a stance; use one of supports, contradicts, context"
        ),
        (
            ["evidence", "add", "C1", "--source", "S1", "--quote", "fentanyl", "--stance", "support"],
            64, "'support' is not a stance; did you mean 'supports'? use one of supports, contradicts, context"
        ),
        (["report", "--as-recorded", "-1"], 64, "entry count '-1' is not valid; pass a number of entries from 1"),
        (
            ["source", "add", "new.txt", "--title", "T", "--publisher", "P", "--published", "2099-01-01"],
            1, "--published 2099-01-01 is in the future"
        ),
        (
            ["source", "add", "new.txt", "--title", "T", "--publisher", "P", "--retrieved", "2099-01-01T09:30:00Z"],
            1, "--retrieved 2099-01-01 is in the future"
        ),
        (["report", "--as-of", "2099-01-01"], 1, "--as-of 2099-01-01 is in the future"),
        (["report", "--as-recorded", "2099-01-01", "-o", "r.csv"], 1, "--as-recorded 2099-01-01 is in the future"),
    ])
    func aMistakeInOneOptionIsNamedWithItsRemedy(arguments: [String], status: Int32, refusal: String) throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment()
        try test.directory.write("A text not archived yet.\n", to: "new.txt")
        let before = try test.entryCount()
        expectRefusal(try test.cli.run(arguments), status: status, mentioning: refusal)
        #expect(try test.entryCount() == before)
    }

    @Test(arguments: ["report", "list", "show", "verify", "export", "search"])
    func aCommandThatOnlyReadsOffersNoAuthorOption(command: String) throws {
        let test = try CLITestCase()
        #expect(!(try test.cli.succeed([command, "--help"])).contains("--as <name>"))
        expectRefusal(try test.cli.run([command, "--as", "jane"]), status: 64, mentioning: "Unknown option '--as'")
        #expect((try test.cli.succeed(["assess", "--help"])).contains("--as <name>"))
    }

    @Test func aPromiseDatedAfterItsSourceAppearedIsLoggedWithAWarning() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let result = try test.cli.run([
            "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2024-05-01",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Logged C1"))
        #expect(result.stderr == "warning: C1 is dated 2024-05-01, after S1 was published (2024-04-16); a source cannot quote a promise made after it appeared unless it was updated, so check --made\n")
        let onTime = try test.cli.run([
            "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15",
            "--summary", "Curtail precursors",
        ])
        #expect(onTime.status == 0 && onTime.stderr.isEmpty)
    }

    @Test func addingASourceTwiceSaysInJSONThatItWasAlreadyArchived() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        try test.directory.write("The mayor will fix the bridge.\n", to: "speech.txt")
        let add = ["source", "add", "speech.txt", "--title", "Speech", "--publisher", "Town", "--format", "json"]
        let first = try #require(try JSONSerialization.jsonObject(with: Data(try test.cli.succeed(add).utf8)) as? [String: Any])
        #expect(first["alreadyArchived"] as? Bool == false)
        #expect(first["ref"] as? String == "S1")
        let before = try test.entryCount()
        let second = try #require(try JSONSerialization.jsonObject(with: Data(try test.cli.succeed(add).utf8)) as? [String: Any])
        #expect(second["alreadyArchived"] as? Bool == true)
        #expect(second["ref"] as? String == "S1")
        #expect(try test.entryCount() == before)
    }

    @Test func theSamePromiseLoggedTwiceIsRefusedSoThatItIsNotScoredTwice() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let add = ["commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15"]
        try test.cli.succeed(add)
        let before = try test.entryCount()
        expectRefusal(
            try test.cli.run(add),
            mentioning: "C1 already records this promise (the same promisors, words of S1, summary and day made); a copy would be scored twice")
        #expect(try test.entryCount() == before)
        // Another promise in the same words is told apart by its summary.
        #expect(try test.cli.succeed(add + ["--summary", "Curtail precursor exports"]).contains("C2"))
        // A summary that differs only in letter case, spacing or its final full stop is the same summary, and
        // a longer passage around the same words is the same quote.
        let longer = ["--quote", "take steps to “dramatically curtail” the production"]
        for copy in [
            add + ["--summary", "curtail precursor  exports."], add + longer + ["--summary", "Curtail precursor exports"],
        ] {
            expectRefusal(try test.cli.run(copy), mentioning: "C2 already records this promise")
        }
        #expect(try test.entryCount() == before + 1)
    }

    @Test func theSameAssessmentRecordedTwiceIsRefused() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment()
        let assess = ["assess", "C1", "--status", "stalled", "--rationale", "No enforcement", "--effective", "2024-04-16"]
        try test.cli.succeed(assess)
        let before = try test.entryCount()
        for copy in [assess, ["assess", "C1", "--status", "stalled", "--rationale", "no  enforcement.", "--effective", "2024-04-16"]] {
            expectRefusal(try test.cli.run(copy), mentioning: "A1 already records this judgement of C1")
        }
        #expect(try test.entryCount() == before)
        // A judgement on another day, or with other reasons, is a new one.
        #expect(try test.cli.succeed(assess.dropLast() + ["2024-05-01"]).contains("(A2)"))
        #expect(try test.cli.succeed(["assess", "C1", "--status", "stalled", "--rationale", "Seizures fell", "--effective", "2024-04-16"]).contains("(A3)"))
        // Switching back after a mistaken judgement on the same day is a new judgement, since the last
        // recorded wins a tie of days.
        #expect(try test.cli.succeed(["assess", "C1", "--status", "kept", "--rationale", "No enforcement", "--effective", "2024-04-16"]).contains("(A4)"))
        #expect(try test.cli.succeed(assess).contains("(A5)"))
        #expect(try test.cli.succeed(["show", "C1", "--as-of", "2024-04-20"]).contains("status:     stalled as of 2024-04-20"))
    }

    @Test func commitmentLogIsAnotherNameForCommitmentAdd() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let logged = try test.cli.succeed([
            "commitment", "log", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15",
        ])
        #expect(logged.contains("C1"))
        #expect(try test.cli.succeed(["commitment", "--help"]).contains("add, log"))
    }

    @Test func aTagHoldingTheTagSeparatorIsRefused() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let before = try test.entryCount()
        expectRefusal(
            try test.logSeedCommitmentResult(["--tag", "trade;china"]),
            mentioning: "tag 'trade;china' holds ';', which separates tags in CSV reports and trackers; pass each tag with its own --tag")
        #expect(try test.entryCount() == before)
    }

    @Test func aValueAfterTheVersionFlagIsRefusedRatherThanIgnored() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        // `show` has no --version of its own: ArgumentParser would print the tool's version and exit 0.
        expectRefusal(
            try test.cli.run(["show", "S1", "--version", "2"]), status: 64,
            mentioning: "--version takes no value, so '--version 2' would only print pledger's version")
        expectRefusal(
            try test.cli.run(["show", "S1", "--version=2"]), status: 64,
            mentioning: "--version takes no value, so '--version 2' would only print pledger's version")
        expectRefusal(
            try test.cli.run(["show", "S1", "--version", "-1"]), status: 64,
            mentioning: "--version takes no value, so '--version -1' would only print pledger's version")
        // Followed by another option, it is a plain request for the version.
        #expect(try test.cli.run(["list", "--version", "--db", "x"]).stdout == "0.1.0\n")
        // `source show` has one, and a command's own --version is untouched.
        #expect(try test.cli.succeed(["source", "show", "S1", "--version", "1"]).hasPrefix("S1: "))
        #expect(try test.cli.run(["report", "--version"]).stdout == "0.1.0\n")
    }

    @Test func aLedgerReachedThroughASymbolicLinkOpens() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try FileManager.default.createSymbolicLink(atPath: test.directory.path("link.sqlite"), withDestinationPath: "pledger.sqlite")
        #expect(try test.cli.succeed(["source", "list", "--db", "link.sqlite"]).contains("S2"))
    }

    /// An impossible day is named as such, and `-5d` — which looks like an option — reaches the check that
    /// explains due dates rather than reading as a missing value.
    @Test(arguments: [
        ("2024-02-30", "due date '2024-02-30' is not a day of the calendar"),
        ("-5d", "due date '-5d' is not valid; write a date (YYYY-MM-DD) or a number of days after --made"),
        ("+36501d", "due date '+36501d' is more than 36500 days (a hundred years) after --made; write the date itself"),
    ])
    func aBadDueDateIsExplained(due: String, refusal: String) throws {
        let test = try CLITestCase()
        try test.seededLedger()
        expectRefusal(
            try test.cli.run([
                "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail",
                "--made", "2023-11-15", "--due", due,
            ]), status: 64, mentioning: refusal)
    }
}
