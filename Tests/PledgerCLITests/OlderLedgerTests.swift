import Foundation
import PledgerTestSupport
import Testing

/// A ledger written by an older Pledger, as a user meets it: upgraded when it may be written, and read from
/// an upgraded copy — never changed — when it is published read-only.
@Suite struct OlderLedgerTests {
    /// The demo ledger made to look as version 3 wrote it, before migrations v4 and v5, with `chmod a-w` applied.
    private func publishedOlderLedger() throws -> CLITestCase {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 shell")
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path])
        let ledger = test.directory.path("pledger-demo.sqlite")
        let process = Process()
        process.executableURL = URL(filePath: sqlite3)
        process.arguments = [
            ledger,
            """
            ALTER TABLE commitment DROP COLUMN entry_leaf_hash; ALTER TABLE evidence DROP COLUMN entry_leaf_hash;
            ALTER TABLE assessment DROP COLUMN entry_author; ALTER TABLE assessment DROP COLUMN entry_recorded_at;
            ALTER TABLE assessment DROP COLUMN entry_leaf_hash;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%' OR identifier LIKE 'v5:%';
            """,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: ledger)
        return test
    }

    @Test func aPublishedLedgerOfAnOlderFormatIsReadButNeitherUpgradedNorChangedEvenByRoot() throws {
        let test = try publishedOlderLedger()
        let ledger = URL(filePath: test.directory.path("pledger-demo.sqlite"))
        let before = try Data(contentsOf: ledger)
        let report = try test.cli.run(["report", "--db", "pledger-demo.sqlite", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("\"entryHash\""))
        let verify = try test.cli.run(["verify", "--db", "pledger-demo.sqlite"])
        #expect(verify.status == 0, "\(verify.stderr)")
        expectRefusal(
            try test.cli.run(["actor", "add", "someone", "--name", "S", "--kind", "person", "--db", "pledger-demo.sqlite"]),
            mentioning: "pledger-demo.sqlite is read-only")
        #expect(try Data(contentsOf: ledger) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted() == [
            "pledger-demo-report.html", "pledger-demo.sqlite",
        ])
    }

    @Test func anUpgradedCopyThatCannotBeMadeNamesTheTemporaryFolderNotTheLedger() throws {
        let test = try publishedOlderLedger()
        var cli = test.cli
        let missing = test.directory.path("no-such-folder")
        cli.environment["TMPDIR"] = missing
        expectRefusal(
            try cli.run(["list", "--db", "pledger-demo.sqlite"]),
            mentioning: "pledger-demo.sqlite is in an older format and may not be upgraded in place, and its upgraded copy could not be made in \(missing)")
    }
}
