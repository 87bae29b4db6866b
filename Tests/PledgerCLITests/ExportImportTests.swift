import Foundation
import PledgerTestSupport
import Testing

@Suite struct ExportImportTests {
    private func demoExport(_ test: CLITestCase) throws -> (lines: [String], root: String) {
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path])
        let export = try test.cli.run(["export", "--db", "pledger-demo.sqlite", "-o", "log.jsonl"])
        #expect(export.status == 0, "\(export.stderr)")
        let root = try #require(export.stderr.split(separator: " ").last.map { String($0.dropLast(2)) })
        let text = try String(contentsOf: test.directory.url.appending(path: "log.jsonl"), encoding: .utf8)
        return (text.split(separator: "\n").map(String.init), root)
    }

    @Test func exportThenImportReproducesTheRootHash() throws {
        let test = try CLITestCase()
        let (lines, root) = try demoExport(test)
        #expect(lines.count == 24)
        #expect(lines[0].hasPrefix(#"{"author":"pledger demo","index":0,"kind":"ledger.created""#))
        let imported = try test.cli.succeed(["import", "log.jsonl", "--db", "copy.sqlite", "--expect-root", root])
        #expect(imported.contains("Imported 24 entries into copy.sqlite: 24 entries, root \(root)"))
        #expect(try test.cli.run(["verify", "--db", "copy.sqlite"]).status == 0)
        let original = try test.cli.succeed(["report", "--db", "pledger-demo.sqlite", "--as-of", "2024-05-01", "--format", "json"])
        let copy = try test.cli.succeed(["report", "--db", "copy.sqlite", "--as-of", "2024-05-01", "--format", "json"])
        let withoutTime = { (text: String) in text.split(separator: "\n").filter { !$0.contains("generatedAt") } }
        #expect(withoutTime(original) == withoutTime(copy))
    }

    @Test func importFromStdinWorks() throws {
        let test = try CLITestCase()
        let (lines, root) = try demoExport(test)
        let imported = try test.cli.succeed(["import", "-", "--db", "copy.sqlite"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(imported.hasSuffix("root \(root)\n"))
    }

    @Test func alteredLineIsRefusedByNumberAndNothingOfItLands() throws {
        let test = try CLITestCase()
        let (lines, _) = try demoExport(test)
        var altered = lines
        altered[5] = altered[5].replacingOccurrences(of: "\"index\":5", with: "\"index\": 5")
        try test.directory.write(altered.joined(separator: "\n"), to: "altered.jsonl")
        expectRefusal(try test.cli.run(["import", "altered.jsonl", "--db", "copy.sqlite"]), mentioning: "line 6: entry body is not in RFC 8785 canonical form")
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("copy.sqlite")))
    }

    @Test func aRootMismatchIsRefusedAndKeepsNothing() throws {
        let test = try CLITestCase()
        let (lines, _) = try demoExport(test)
        try test.directory.write(lines.joined(separator: "\n"), to: "log2.jsonl")
        let result = try test.cli.run(["import", "log2.jsonl", "--db", "copy.sqlite", "--expect-root", String(repeating: "0", count: 64)])
        expectRefusal(result, mentioning: "not the expected 0000")
        #expect(result.stderr.contains("nothing was kept"))
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("copy.sqlite")))
    }

    @Test func aFileWithNoEntriesIsRefusedAndCreatesNoLedger() throws {
        let test = try CLITestCase()
        try test.directory.write("", to: "empty.jsonl")
        expectRefusal(try test.cli.run(["import", "empty.jsonl", "--db", "copy.sqlite"]), mentioning: "empty.jsonl holds no entries")
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("copy.sqlite")))
    }

    @Test func aFolderIsRefusedAndCreatesNoLedger() throws {
        let test = try CLITestCase()
        try FileManager.default.createDirectory(at: test.directory.url.appending(path: "exports"), withIntermediateDirectories: false)
        expectRefusal(try test.cli.run(["import", "exports", "--db", "copy.sqlite"]), mentioning: "exports is a folder")
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("copy.sqlite")))
    }

    @Test func aTruncatedLineIsNamedWithoutDecoderJargon() throws {
        let test = try CLITestCase()
        let (lines, _) = try demoExport(test)
        try test.directory.write(lines[0] + "\n" + lines[1].prefix(40) + "\n", to: "cut.jsonl")
        let result = try test.cli.run(["import", "cut.jsonl", "--db", "copy.sqlite"])
        expectRefusal(result, mentioning: "line 2: entry body is not valid JSON")
        #expect(result.stderr.hasSuffix("; nothing was imported\n"), "\(result.stderr)")
        #expect(!result.stderr.contains("DecodingError"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("copy.sqlite")))
    }

    @Test func interruptedImportResumesWithoutDuplicatingEntries() throws {
        let test = try CLITestCase()
        let (lines, root) = try demoExport(test)
        try test.directory.write(lines.prefix(10).joined(separator: "\n") + "\n", to: "first-part.jsonl")
        try test.cli.succeed(["import", "first-part.jsonl", "--db", "copy.sqlite"])
        expectRefusal(try test.cli.run(["import", "log.jsonl", "--db", "copy.sqlite"]), mentioning: "--resume")
        let resumed = try test.cli.succeed(["import", "log.jsonl", "--db", "copy.sqlite", "--resume"])
        #expect(resumed.contains("Imported 14 entries (10 already there) into copy.sqlite: 24 entries, root \(root)"))
        #expect(try test.cli.run(["verify", "--db", "copy.sqlite"]).status == 0)
        // The first part again: the ledger now holds more than the file, so there is nothing to resume.
        expectRefusal(
            try test.cli.run(["import", "first-part.jsonl", "--db", "copy.sqlite", "--resume"]),
            mentioning: "the file holds 10 entries, and the ledger 24 that begin with them")
    }

    @Test func resumingIntoADifferentLedgerIsRefused() throws {
        let test = try CLITestCase()
        let (_, _) = try demoExport(test)
        try test.cli.succeed(["init", "--db", "other.sqlite"])
        expectRefusal(
            try test.cli.run(["import", "log.jsonl", "--db", "other.sqlite", "--resume"]),
            mentioning: "differs from the entry the ledger already holds")
    }
}
