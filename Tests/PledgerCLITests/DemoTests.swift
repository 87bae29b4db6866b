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
        #expect(result.stdout.contains("# Compliance report as of 2024-05-01"))
        #expect(result.stdout.contains("### C1: Take steps to dramatically curtail"))
        #expect(result.stdout.contains("**Status:** stalled"))
        #expect(result.stdout.contains("**Status:** unverifiable — overdue by 213 days"))
        #expect(result.stdout.contains("found no evidence of new criminal enforcement actions"))
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
    }
}
