import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// Ledgers edited behind Pledger's back, with the sqlite3 shell: what each command does with them.
@Suite struct TamperedLedgerTests {
    /// The seed case's ledger (24 entries) in `pledger.sqlite`, with a signing key beside it and the
    /// append-only triggers dropped, as an editor of the file would drop them first.
    private func demoLedgerWithoutTriggers() throws -> CLITestCase {
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path, "--db", "pledger.sqlite"])
        try test.cli.succeed(["key", "generate", "--name", "example.org/pledger"])
        try test.sqlite("DROP TRIGGER entry_is_append_only_update; DROP TRIGGER entry_is_append_only_delete")
        try "A text no source holds yet.\n".write(toFile: test.directory.path("new.txt"), atomically: true, encoding: .utf8)
        return test
    }

    /// The rows of table `entry`, counted by the sqlite3 shell rather than through the ledger's head.
    private func entryRows(_ test: CLITestCase) throws -> String {
        try test.sqlite("SELECT count(*), max(seq) FROM entry")
    }

    private static let appendingCommands: [[String]] = [
        ["actor", "add", "someone", "--name", "Someone", "--kind", "person"],
        ["checkpoint"],
        ["source", "add", "new.txt", "--title", "T", "--publisher", "P"],
    ]

    @Test func aLedgerWhoseLastEntryWasDeletedRefusesAppendsAndReports() throws {
        let test = try demoLedgerWithoutTriggers()
        try test.sqlite("DELETE FROM entry WHERE seq = (SELECT max(seq) FROM entry)")
        let before = try entryRows(test)
        for command in Self.appendingCommands + [["report"]] {
            expectRefusal(
                try test.cli.run(command),
                mentioning: "the ledger's head says 24 entries but its log ends at entry 22; run `pledger verify`")
        }
        #expect(try entryRows(test) == before)
    }

    @Test func aLedgerWithAForgedEntryAtTheEndRefusesAppendsRatherThanFailingAConstraint() throws {
        let test = try demoLedgerWithoutTriggers()
        try test.sqlite(
            "INSERT INTO entry SELECT seq + 1, kind, recorded_at, author, body, leaf_hash FROM entry WHERE seq = (SELECT max(seq) FROM entry)")
        let before = try entryRows(test)
        for command in Self.appendingCommands + [["report"]] {
            expectRefusal(
                try test.cli.run(command),
                mentioning: "the ledger's head says 24 entries but its log ends at entry 24; run `pledger verify`")
        }
        #expect(try entryRows(test) == before)
    }

    @Test func aLedgerWithoutItsHeadRefusesToReportOrAppend() throws {
        let test = try demoLedgerWithoutTriggers()
        try test.sqlite("DELETE FROM ledger_head")
        let before = try entryRows(test)
        for command in Self.appendingCommands + [["report"], ["report", "--format", "json", "-o", "report.json"]] {
            expectRefusal(
                try test.cli.run(command),
                mentioning: "the ledger's head records no entries but its log ends at entry 23; run `pledger verify`")
        }
        #expect(try entryRows(test) == before)
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("report.json")))
    }
}
