import Foundation
import PledgerTestSupport
import Testing

@Suite struct DemoTests {
    @Test func demoBuildsTheSeedLedgerAndPrintsItsReport() throws {
        let test = try CLITestCase()
        let fixtures = Fixtures.seedCaseFolder.path
        let result = try test.cli.run(["demo", "--fixtures", fixtures, "--as-of", "2024-05-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Built pledger-demo.sqlite"))
        // The terminal report by default.
        #expect(result.stdout.hasPrefix("COMPLIANCE REPORT AS OF 2024-05-01\n"))
        #expect(result.stdout.contains("C1 · STALLED · Take steps to dramatically curtail"))
        #expect(result.stdout.contains("C3 · UNVERIFIABLE · 213 DAYS OVERDUE · Answer the 45 lawmakers"))
        #expect(result.stdout.contains("  All   ") && result.stdout.contains("+0.33  66.7%"))
        #expect(result.stdout.contains("E1 contradicts, observed 2024-04-16:"))
        #expect(result.stdout.contains("«found no evidence of new"))
        // And the HTML report of the same case, whose path goes to stderr.
        #expect(result.stderr.contains("Wrote the HTML report to pledger-demo-report.html"))
        let html = try String(contentsOf: test.directory.url.appending(path: "pledger-demo-report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<mark>found no evidence of new criminal enforcement actions</mark>"))
        #expect(html.contains("213 days overdue"))
        let verify = try test.cli.run(["verify", "--db", "pledger-demo.sqlite"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func rerunningTheDemoReplacesOnlyADemoLedger() throws {
        let test = try CLITestCase()
        let fixtures = Fixtures.seedCaseFolder.path
        try test.cli.succeed(["demo", "--fixtures", fixtures])
        try test.cli.succeed(["demo", "--fixtures", fixtures])
        try test.cli.succeed(["init", "--db", "mine.sqlite"])
        expectRefusal(
            try test.cli.run(["demo", "--fixtures", fixtures, "--db", "mine.sqlite"]), mentioning: "is not a demo ledger")
        // A demo ledger someone went on to use is theirs now.
        try test.cli.succeed(["actor", "add", "un", "--name", "United Nations", "--kind", "group", "--db", "pledger-demo.sqlite", "--as", "analyst"])
        expectRefusal(
            try test.cli.run(["demo", "--fixtures", fixtures]),
            mentioning: "pledger-demo.sqlite is a demo ledger that analyst added to (entry 24 on); it was left as it is")
        #expect(try test.cli.succeed(["log", "--db", "pledger-demo.sqlite"]).contains("actor un: United Nations"))
    }

    @Test func aDemoRunAwayFromTheRepositorySaysWhichFolderToPass() throws {
        let test = try CLITestCase()
        let parent = Fixtures.seedCaseFolder.deletingLastPathComponent().path  // fixtures/, one level too high
        for arguments in [["demo"], ["demo", "--fixtures", parent]] {
            expectRefusal(
                try test.cli.run(arguments),
                mentioning: "pass --fixtures with the folder that holds case.json (fixtures/seed-case in the repository)")
        }
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("pledger-demo.sqlite")))
    }
}
