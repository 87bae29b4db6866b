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

    /// Rewrites entry `seq`'s body with `change` and stores the leaf hash of the new body, as a forger who knows
    /// the format would: the entry checks out on its own.
    private func rewriteEntry(_ seq: Int, in test: CLITestCase, _ change: (String) -> String) throws {
        let hex = try test.sqlite("SELECT hex(body) FROM entry WHERE seq = \(seq)").trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { offset -> UInt8? in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)
        }
        let original = String(decoding: bytes, as: UTF8.self)
        let changed = change(original)
        try #require(changed != original, "the change left entry \(seq) as it was")
        let forged = try LedgerEntry(body: Array(changed.utf8))
        let forgedHex = forged.body.map { String(format: "%02X", $0) }.joined()
        try test.sqlite(
            "UPDATE entry SET body = X'\(forgedHex)', leaf_hash = X'\(forged.leafHash.hex)' WHERE seq = \(seq)")
    }

    @Test func repairRefusesALogCutBeforeARecordedCheckpointEvenWithoutItsHead() throws {
        let test = try demoLedgerWithoutTriggers()
        try test.cli.succeed(["checkpoint"])  // Entry 24 signs the first 24.
        try test.cli.succeed(["actor", "add", "someone", "--name", "Someone", "--kind", "person"])
        try test.sqlite("DELETE FROM entry WHERE seq >= 20; DELETE FROM ledger_head")
        let before = try test.sqlite("SELECT count(*) FROM entry; SELECT count(*) FROM checkpoint; SELECT count(*) FROM ledger_head")
        expectRefusal(
            try test.cli.run(["repair", "--rebuild-projection"]),
            mentioning: "the log itself is damaged (checkpoint recorded as entry 24: signs 24 entries, but the log holds only 20")
        #expect(try test.sqlite("SELECT count(*) FROM entry; SELECT count(*) FROM checkpoint; SELECT count(*) FROM ledger_head") == before)
    }

    @Test func repairRefusesARewrittenEntryThatARecordedCheckpointContradicts() throws {
        let test = try demoLedgerWithoutTriggers()
        try test.cli.succeed(["checkpoint"])
        try rewriteEntry(4, in: test) { $0.replacingOccurrences(of: "People’s Republic of China", with: "Someone Else") }
        try test.sqlite("DELETE FROM ledger_head")
        expectRefusal(
            try test.cli.run(["repair", "--rebuild-projection"]),
            mentioning: "the log itself is damaged (entry 24 (checkpoint): signed root ")
        #expect(try test.sqlite("SELECT name FROM actor WHERE slug = 'prc'") == "People’s Republic of China\n")
    }

    @Test func repairRefusesARewrittenQuoteThatIsNoLongerInItsSource() throws {
        let test = try demoLedgerWithoutTriggers()
        try rewriteEntry(10, in: test) { $0.replacingOccurrences(of: "dramatically curtail", with: "entirely eliminate") }
        try test.sqlite("DELETE FROM ledger_head")
        expectRefusal(
            try test.cli.run(["repair", "--rebuild-projection"]),
            mentioning: "the log itself is damaged (entry 10: its quote is not the text of S2 v1 at offsets 2973–3063)")
        #expect(try test.sqlite("SELECT count(*) FROM ledger_head") == "0\n")
        #expect(try test.sqlite("SELECT exact FROM quote_anchor WHERE id = 1").contains("dramatically curtail"))
    }

    @Test(arguments: [["source", "show", "S1"], ["source", "show", "S1", "--text"], ["source", "show", "S1", "--text", "--format", "json"]])
    func sourceShowRefusesATextThatNoLongerHashesToItsRecordedHash(command: [String]) throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.sqlite("UPDATE source_version SET text = replace(text, 'found no evidence', 'found ample evidence') WHERE source_id = 1")
        expectRefusal(try test.cli.run(command), mentioning: "the stored text of S1 v1 hashes to ")
        expectRefusal(try test.cli.run(command), mentioning: "; run `pledger verify`")
        #expect(try test.cli.run(["source", "show", "S2", "--text"]).status == 0)
    }

    @Test func verifyNamesADroppedOrAlteredAppendOnlyTriggerAndRepairRestoresBoth() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.sqlite("""
            DROP TRIGGER entry_is_append_only_delete; DROP TRIGGER entry_is_append_only_update;
            CREATE TRIGGER entry_is_append_only_update BEFORE UPDATE ON entry BEGIN SELECT 1; END
            """)
        let verify = try test.cli.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains(
            "verify: trigger entry_is_append_only_delete: is missing, so entries can be changed or deleted in place; `pledger repair --rebuild-projection` restores it\n"),
            "\(verify.stderr)")
        #expect(verify.stderr.contains(
            "verify: trigger entry_is_append_only_update: is not the one this ledger format defines, so entries can be changed or deleted in place; `pledger repair --rebuild-projection` restores it\n"),
            "\(verify.stderr)")
        #expect(verify.stderr.hasSuffix("verify: 2 problems; `pledger repair --rebuild-projection` restores the append-only triggers\n"), "\(verify.stderr)")
        try test.cli.succeed(["repair", "--rebuild-projection"])
        let after = try test.cli.run(["verify"])
        #expect(after.status == 0 && after.stderr.isEmpty, "\(after.stderr)")
        let refused = try test.cli.run(executable: URL(filePath: "/usr/bin/sqlite3"), [test.directory.path("pledger.sqlite"), "DELETE FROM entry WHERE seq = 1"])
        #expect(refused.status != 0 && refused.stderr.contains("ledger entries are append-only"), "\(refused)")
    }

    @Test func verifyShowsALongTextAroundItsFirstDifferenceOnOneLine() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.sqlite("""
            UPDATE source_version SET text = replace(text, 'found no evidence', 'found ample evidence') WHERE source_id = 1;
            UPDATE actor SET name = 'Someone' || char(10) || 'else' WHERE slug = 'prc'
            """)
        let result = try test.cli.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"column name is "Someone⏎else" but the log gives"#), "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.hasPrefix("verify: ") }, "a problem line holds a line break: \(result.stderr)")
        let cell = try #require(lines.first { $0.contains("table source_version") }, "\(result.stderr)")
        #expect(cell.contains("column text differs at code point "), "\(cell)")
        #expect(cell.contains("found ample evidence"), "\(cell)")
        #expect(cell.contains("but the log gives \"…"), "\(cell)")
        #expect(cell.contains("found no evidence"), "\(cell)")
    }

    @Test func exportingALedgerWithADamagedPageBlamesTheLedgerNotTheOutputPath() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path, "--db", "pledger.sqlite"])
        let numbers = try test.sqlite("SELECT rootpage FROM sqlite_master WHERE name = 'entry'; PRAGMA page_size")
            .split(separator: "\n").compactMap { Int($0) }
        try #require(numbers.count == 2 && numbers[0] > 1, "\(numbers)")
        let handle = try #require(FileHandle(forUpdatingAtPath: test.directory.path("pledger.sqlite")))
        try handle.seek(toOffset: UInt64((numbers[0] - 1) * numbers[1]))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: numbers[1]))  // The log's root page.
        try handle.close()
        for arguments in [["export", "-o", "out.jsonl"], ["export"]] {
            let result = try test.cli.run(arguments)
            expectRefusal(result, mentioning: "pledger.sqlite is damaged (database disk image is malformed)")
            #expect(!result.stderr.contains("out.jsonl") && !result.stderr.contains("-o"), "\(result.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path)
        #expect(!files.contains { $0.hasPrefix("out.jsonl") || $0.hasSuffix(".partial") }, "\(files)")
    }
}
