import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// Long reliability runs are gated: `.ci/run` sets PLEDGER_LONG_TESTS=1.
let longTestsEnabled = ProcessInfo.processInfo.environment["PLEDGER_LONG_TESTS"] == "1"

@Suite struct ReliabilityTests {
    /// Writes an export of `count` `actor.added` entries (after `ledger.created`) and returns its root.
    private func syntheticExport(count: Int, to path: String) throws -> SHA256Hash {
        var text: [UInt8] = []
        var leaves: [SHA256Hash] = []
        let created = try LedgerEntry(
            index: 0, recordedAt: "2026-01-01T00:00:00Z", author: "bench", event: .ledgerCreated(LedgerCreated(formatVersion: 1)))
        for entry in [created] {
            text += entry.body + [UInt8(ascii: "\n")]
            leaves.append(entry.leafHash)
        }
        for index in 1...count {
            let event = LedgerEvent.actorAdded(ActorAdded(
                actor: try ActorSlug(validating: "actor-\(index)"), name: "Actor \(index)", kind: .group, parent: nil))
            let entry = try LedgerEntry(index: index, recordedAt: "2026-01-01T00:00:00Z", author: "bench", event: event)
            text += entry.body + [UInt8(ascii: "\n")]
            leaves.append(entry.leafHash)
        }
        try Data(text).write(to: URL(filePath: path))
        return MerkleTree.root(ofLeafHashes: leaves)
    }

    @Test func aBadLineAfterTheFirstBatchLeavesNoHalfImportedLedger() throws {
        let test = try CLITestCase()
        let path = test.directory.path("log.jsonl")
        _ = try syntheticExport(count: 2_500, to: path)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2_300] = String(lines[2_300].dropLast(5))  // Line 2,301: cut short, after the first 2,000 landed.
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try test.cli.run(["import", "log.jsonl", "--db", "copy.sqlite"])
        expectRefusal(result, mentioning: "line 2301: entry body is not valid JSON")
        #expect(result.stderr.contains("the 2000 entries imported before it were not kept either"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("copy.sqlite")))
    }

    @Test(arguments: ["nan", "253402300800", "-1", "1e9"])
    func aSourceDateEpochThatIsNotAWholeNumberOfSecondsSinceNineteenSeventyIsIgnored(epoch: String) throws {
        let test = try CLITestCase()
        var cli = test.cli
        cli.environment["SOURCE_DATE_EPOCH"] = epoch
        try cli.succeed(["init"])
        #expect(try cli.run(["verify"]).status == 0)
        let entries = try #require(try test.json(["log", "--format", "json"]) as? [[String: Any]])
        let year = (entries.first?["recordedAt"] as? String)?.prefix(4)
        #expect(year.flatMap { Int($0) }.map { $0 >= 2026 } == true, "\(String(describing: entries.first))")
    }

    @Test(.enabled(if: longTestsEnabled, "set PLEDGER_LONG_TESTS=1"))
    func eightWritersOfFiveHundredAppendsEachAllLandGapFree() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        try test.runConcurrentWriters(8, appendsEach: 500)
        let entries = try #require(try test.json(["log", "--format", "json"]) as? [[String: Any]])
        #expect(entries.count == 1 + 4_000)
        #expect(entries.compactMap { $0["index"] as? Int } == Array(0..<entries.count))
        #expect(try test.cli.run(["verify"]).status == 0)
    }

    @Test(arguments: [longTestsEnabled ? 20 : 3])
    func importKilledAtRandomPointsVerifiesAndResumes(kills: Int) throws {
        let test = try CLITestCase()
        let exportPath = test.directory.path("big.jsonl")
        let root = try syntheticExport(count: 20_000, to: exportPath)
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        for kill in 0..<kills {
            let ledger = "killed-\(kill).sqlite"
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["import", exportPath, "--db", ledger]
            process.currentDirectoryURL = test.directory.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.5, using: &generator))
            if process.isRunning {
                sendKill(process.processIdentifier)
                interrupted += 1
            }
            process.waitUntilExit()
            guard FileManager.default.fileExists(atPath: test.directory.path(ledger)) else { continue }
            let verify = try test.cli.run(["verify", "--db", ledger])
            #expect(verify.status == 0, "after kill \(kill): \(verify.stderr)")
            let resumed = try test.cli.run(["import", exportPath, "--db", ledger, "--resume"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stdout.contains("20001 entries, root \(root.hex)"), "\(resumed.stdout)")
        }
        #expect(interrupted > 0, "no import was still running when killed; the workload is too small")
    }

    /// A ledger with one long source and `quotes` pieces of evidence quoting it, written as an export.
    private func quotedSourceExport(quotes: Int, to path: String) throws -> String {
        let sentence = "The ministry promised to publish the audit — “in full” — before the end of the year. "
        let textString = (0..<4_000).map { "\($0): " + sentence }.joined()
        let text = try CanonicalText(decoding: Array(textString.utf8))
        let stamp = "2026-01-01T00:00:00Z"
        var events: [LedgerEvent] = [
            .ledgerCreated(LedgerCreated(formatVersion: 1)),
            .sourceAdded(SourceAdded(
                source: SourceRef(1), version: 1, metadata: SourceMetadata(title: "Audit", publisher: "Gazette"),
                originalSHA256: text.sha256, textSHA256: text.sha256, text: text.string)),
            .actorAdded(ActorAdded(actor: try ActorSlug(validating: "ministry"), name: "Ministry", kind: .agency)),
        ]
        let sentenceLength = sentence.unicodeScalars.count
        func quote(_ number: Int) -> AnchoredQuote {
            let start = text.string.unicodeScalars.count / quotes * number / 2 * 2
            let range = start..<(start + sentenceLength / 2)
            return AnchoredQuote(source: SourceRef(1), version: 1, anchor: QuoteAnchor(text: text, range: range))
        }
        events.append(.commitmentLogged(CommitmentLogged(
            commitment: CommitmentRef(1), promisors: [try ActorSlug(validating: "ministry")], summary: "Publish the audit",
            quote: quote(0), madeOn: try CalendarDate(validating: "2026-01-01"), tags: [])))
        for number in 1...quotes {
            events.append(.evidenceAttached(EvidenceAttached(
                evidence: EvidenceRef(number), commitment: CommitmentRef(1), quote: quote(number),
                observedOn: try CalendarDate(validating: "2026-01-02"), stance: .context)))
        }
        let lines = try events.enumerated().map { index, event in
            try LedgerEntry(index: index, recordedAt: stamp, author: "bench", event: event).body
        }
        try Data(lines.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(filePath: path))
        return "Note: this revision inserts a paragraph at the top.\n\n" + textString.replacingOccurrences(of: "in full", with: "in ful")
    }

    @Test(arguments: [longTestsEnabled ? 20 : 3])
    func sourceReviseKilledAtRandomPointsLeavesOneVersionOrTheOther(kills: Int) throws {
        let test = try CLITestCase()
        let revised = try quotedSourceExport(quotes: 400, to: test.directory.path("quoted.jsonl"))
        try test.directory.write(revised, to: "revised.txt")
        try test.cli.succeed(["import", "quoted.jsonl", "--db", "template.sqlite"])
        var generator = SystemRandomNumberGenerator()
        for kill in 0..<kills {
            let ledger = "revise-\(kill).sqlite"
            try FileManager.default.copyItem(atPath: test.directory.path("template.sqlite"), toPath: test.directory.path(ledger))
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["source", "revise", "S1", "revised.txt", "--db", ledger, "--as", "tester"]
            process.currentDirectoryURL = test.directory.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...2.5, using: &generator))
            if process.isRunning {
                sendKill(process.processIdentifier)
            }
            process.waitUntilExit()
            let verify = try test.cli.run(["verify", "--db", ledger])
            #expect(verify.status == 0, "after kill \(kill): \(verify.stderr)")
            let shown = try #require(try test.json(["source", "show", "S1", "--db", ledger, "--format", "json"]) as? [String: Any])
            let version = (shown["source"] as? [String: Any])?["latestVersion"] as? Int
            let entries = try #require(try test.json(["log", "--db", ledger, "--format", "json"]) as? [[String: Any]])
            // All or nothing: either no revision at all, or the revision with one anchor.moved per quote.
            #expect((version == 1 && entries.count == 404) || (version == 2 && entries.count == 404 + 1 + 401), "v\(String(describing: version)), \(entries.count) entries")
        }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedReportLeavesNoPartialFileAndEndsByTheSignal(signal: Int32) throws {
        let test = try CLITestCase()
        _ = try quotedSourceExport(quotes: 2_000, to: test.directory.path("quoted.jsonl"))
        try test.cli.succeed(["import", "quoted.jsonl", "--db", "big.sqlite"])
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["report", "--db", "big.sqlite", "-o", "report.html"]
        process.currentDirectoryURL = test.directory.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func partialFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).filter { $0.hasSuffix(".partial") }
        }
        var interrupted = false
        while process.isRunning {
            if try !partialFiles().isEmpty {
                sendSignal(signal, to: process.processIdentifier)
                interrupted = true
                break
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        process.waitUntilExit()
        try #require(interrupted, "the report finished before it could be interrupted; the workload is too small")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try partialFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: test.directory.path("report.html")))
    }

    @Test func reportsOfSeveralChunksWrittenToAFileHaveTheBytesStdoutShows() throws {
        let test = try CLITestCase()
        _ = try quotedSourceExport(quotes: 5_000, to: test.directory.path("quoted.jsonl"))
        try test.cli.succeed(["import", "quoted.jsonl", "--db", "big.sqlite"])
        var cli = test.cli
        cli.environment["SOURCE_DATE_EPOCH"] = "1795435200"
        for format in ["html", "json", "text"] {
            let arguments = ["report", "--db", "big.sqlite", "--format", format]
            let stdout = Array(try cli.succeed(arguments).utf8)
            // From its first full chunk the file is written straight to storage, in whole pages, and its
            // tail as usual; the bytes must not change.
            try #require(stdout.count > ChunkedFileOutput.defaultChunkSize + 4096, "\(format): \(stdout.count) bytes")
            #expect(stdout.count % 4096 != 0)
            try cli.succeed(arguments + ["-o", "report.\(format)"])
            let written = Array(try Data(contentsOf: URL(filePath: test.directory.path("report.\(format)"))))
            #expect(written.count == stdout.count, "\(format)")
            #expect(firstDifference(written, stdout) == nil, "\(format)")
        }
    }

    @Test func tamperedLedgersAreNamedAndAProjectionCanBeRebuilt() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 shell")
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path])
        func tampered(_ name: String, _ sql: String) throws -> String {
            try FileManager.default.copyItem(atPath: test.directory.path("pledger-demo.sqlite"), toPath: test.directory.path(name))
            let process = Process()
            process.executableURL = URL(filePath: sqlite3)
            process.arguments = [test.directory.path(name), "DROP TRIGGER entry_is_append_only_update; DROP TRIGGER entry_is_append_only_delete; " + sql]
            try process.run()
            process.waitUntilExit()
            return name
        }
        let cases: [(String, String, String)] = [
            ("deleted-entry.sqlite", "DELETE FROM entry WHERE seq = 5", "entry 6: expected entry 5 here"),
            ("reordered.sqlite", "UPDATE entry SET seq = -1 WHERE seq = 3; UPDATE entry SET seq = 3 WHERE seq = 4; UPDATE entry SET seq = 4 WHERE seq = -1", "entry 3: body says index 4"),
            ("swapped-text.sqlite", "UPDATE source_version SET text = (SELECT text FROM source_version WHERE source_id = 2) WHERE source_id = 1", "source S1 v1: text hashes to"),
            ("edited-projection.sqlite", "UPDATE assessment SET status = 'kept' WHERE id = 3", "table assessment, row id=3"),
            ("cut-tail.sqlite", "DELETE FROM entry WHERE seq >= 20", "records 24 entries but the log holds 20"),
        ]
        for (name, sql, fragment) in cases {
            let result = try test.cli.run(["verify", "--db", try tampered(name, sql)])
            #expect(result.status == 1)
            #expect(result.stderr.contains(fragment), "\(name): \(result.stderr)")
        }
        let repaired = try test.cli.succeed(["repair", "--rebuild-projection", "--db", "edited-projection.sqlite"])
        #expect(repaired.hasPrefix("Rebuilt the projection from 24 entries"))
        #expect(try test.cli.run(["verify", "--db", "edited-projection.sqlite"]).status == 0)
        expectRefusal(
            try test.cli.run(["repair", "--rebuild-projection", "--db", "deleted-entry.sqlite"]),
            mentioning: "the log itself is damaged")
        // Entries cut from the end leave a log that checks out on its own: only the head still says so.
        expectRefusal(
            try test.cli.run(["repair", "--rebuild-projection", "--db", "cut-tail.sqlite"]),
            mentioning: "the ledger head records 24 entries with root")
        // An export states the root of what it wrote, and warns when the head records another.
        let export = try test.cli.run(["export", "--db", "cut-tail.sqlite", "-o", "cut-tail.jsonl"])
        #expect(export.status == 0)
        #expect(export.stderr.contains("warning: the exported entries give root "), "\(export.stderr)")
        #expect(export.stderr.contains("for 20 entries, but the ledger head records "), "\(export.stderr)")
        #expect(export.stderr.contains("Exported 20 entries to cut-tail.jsonl"), "\(export.stderr)")
        let intact = try test.cli.run(["export", "--db", "pledger-demo.sqlite", "-o", "intact.jsonl"])
        #expect(!intact.stderr.contains("warning"), "\(intact.stderr)")
        #expect(try test.cli.run(["verify", "--db", "cut-tail.sqlite"]).stderr.contains("records 24 entries but the log holds 20"))

        try FileManager.default.copyItem(atPath: test.directory.path("pledger-demo.sqlite"), toPath: test.directory.path("truncated.sqlite"))
        let handle = try FileHandle(forWritingTo: test.directory.url.appending(path: "truncated.sqlite"))
        try handle.truncate(atOffset: 8_192)
        try handle.close()
        expectRefusal(try test.cli.run(["verify", "--db", "truncated.sqlite"]), mentioning: "is damaged")
    }

    @Test func newerSchemaIsRefusedWithAnUpgradeHint() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 shell")
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        let process = Process()
        process.executableURL = URL(filePath: sqlite3)
        process.arguments = [test.directory.path("pledger.sqlite"), "INSERT INTO grdb_migrations VALUES ('v99: from the future')"]
        try process.run()
        process.waitUntilExit()
        expectRefusal(try test.cli.run(["list"]), mentioning: "written by a newer version of Pledger; upgrade pledger")
    }

    @Test func missingDirectoryIsNamed() throws {
        let test = try CLITestCase()
        expectRefusal(try test.cli.run(["init", "--db", "no/such/dir/l.sqlite"]), mentioning: "no/such/dir does not exist; create it first")
    }

    /// A seeded ledger holding the seed commitment, with its bytes and the names in its folder: what a test
    /// checks a command left alone.
    private func seededLedgerAsItIs() throws -> (test: CLITestCase, ledger: URL, bytes: Data, files: [String]) {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.logSeedCommitment()
        let ledger = test.directory.url.appending(path: "pledger.sqlite")
        return (test, ledger, try Data(contentsOf: ledger), try filesBeside(test))
    }

    private func filesBeside(_ test: CLITestCase) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted()
    }

    @Test func commandsThatReadLeaveTheLedgerFileByteForByteAndNothingBesideIt() throws {
        let (test, ledger, before, files) = try seededLedgerAsItIs()
        let commands = [
            ["list"], ["show", "C1"], ["verify"], ["log"], ["source", "show", "S1"], ["export", "-o", "x.jsonl"], ["report"],
            ["report", "--format", "csv"], ["search", "fentanyl"],
        ]
        for command in commands {
            try test.cli.succeed(command)
            #expect(try Data(contentsOf: ledger) == before, "`pledger \(command.joined(separator: " "))` changed the file")
            let now = try filesBeside(test)
            #expect(now.filter { $0 != "x.jsonl" } == files, "`pledger \(command.joined(separator: " "))` left \(now)")
        }
    }

    /// "Nothing written" down to the bytes: a refused write may not even touch the file's header (a pool of
    /// connections would, starting its write-ahead log with a table it creates and drops).
    @Test func refusedWritesLeaveTheLedgerFileByteForByteAndNothingBesideIt() throws {
        let (test, ledger, before, files) = try seededLedgerAsItIs()
        let refusals: [(command: [String], fragment: String)] = [
            (["evidence", "add", "C1", "--source", "S1", "--quote", "no such words anywhere", "--stance", "supports",
              "--observed", "2024-05-01"], "was not found in source S1"),
            (["assess", "C9", "--status", "kept", "--rationale", "Done."], "there is no commitment C9"),
            (["actor", "add", "prc", "--name", "Again", "--kind", "government"], "already exists"),
            (["assess", "C1", "--status", "kept", "--rationale", "Done.", "--evidence", "E7"], "E7"),
        ]
        for refusal in refusals {
            expectRefusal(try test.cli.run(refusal.command), mentioning: refusal.fragment)
            #expect(try Data(contentsOf: ledger) == before, "`pledger \(refusal.command.joined(separator: " "))` changed the file")
            #expect(try filesBeside(test) == files)
        }
        try test.cli.succeed(["assess", "C1", "--status", "stalled", "--rationale", "No sign of it.", "--effective", "2024-05-01"])
        #expect(try Data(contentsOf: ledger) != before, "an accepted write is recorded")
        #expect(try filesBeside(test) == files)
    }

    @Test func aLedgerInAFolderNoOneMayWriteIsReadAndVerifiedButNotChanged() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), "needs unshare to drop root's file access")
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path])
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: test.directory.path("pledger-demo.sqlite"))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: test.directory.url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: test.directory.url.path) }
        // As an unmapped user in a fresh user namespace, permissions apply even when the tests run as root.
        let unshare = CLIRunner(workingDirectory: test.directory.url)
        func asNobody(_ arguments: [String]) throws -> CLIResult {
            try unshare.run(executable: URL(filePath: "/usr/bin/unshare"), ["-U", CLIRunner.binary.path] + arguments)
        }
        let list = try asNobody(["list", "--db", "pledger-demo.sqlite"])
        try #require(!list.stderr.contains("unshare"), "user namespaces are not available here: \(list.stderr)")
        // A published ledger on a read-only share: SQLite cannot create the -shm file its readers need, and no
        // write-ahead log lies beside the file, so it is opened as immutable.
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("dramatically curtail"))
        let report = try asNobody(["report", "--db", "pledger-demo.sqlite", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("\"schemaVersion\""))
        #expect(try asNobody(["verify", "--db", "pledger-demo.sqlite"]).status == 0)
        let write = try asNobody(["actor", "add", "someone", "--name", "S", "--kind", "person", "--db", "pledger-demo.sqlite"])
        expectRefusal(write, mentioning: "is read-only")
        #expect(try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted() == [
            "pledger-demo-report.html", "pledger-demo.sqlite",
        ])
        // A ledger its owner may still write is not read as immutable: an append could tear the pages read.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: test.directory.path("pledger-demo.sqlite"))
        expectRefusal(
            try asNobody(["list", "--db", "pledger-demo.sqlite"]),
            mentioning: "cannot read pledger-demo.sqlite without write access to its folder")
        expectRefusal(
            try asNobody(["actor", "add", "someone", "--name", "S", "--kind", "person", "--db", "pledger-demo.sqlite"]),
            mentioning: "cannot write pledger-demo.sqlite: SQLite must create its -wal and -shm files beside the ledger, and its folder is not writable")
    }

    @Test func fileSizeLimitDuringImportFailsCleanlyAndLeavesAValidLedger() throws {
        let test = try CLITestCase()
        let exportPath = test.directory.path("big.jsonl")
        _ = try syntheticExport(count: 20_000, to: exportPath)
        let process = Process()
        process.executableURL = URL(filePath: "/bin/sh")
        // 2 MiB: enough to create the ledger, not to hold 20,000 entries.
        process.arguments = ["-c", "ulimit -f 4096; exec \"$PLEDGER\" import big.jsonl --db limited.sqlite"]
        process.currentDirectoryURL = test.directory.url
        var environment = ProcessInfo.processInfo.environment
        environment["PLEDGER"] = CLIRunner.binary.path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        // SQLite reports the limit as a full disk or as an I/O error, depending on where the write fails.
        #expect(stderr.contains("file size limit"), "\(stderr)")
        if FileManager.default.fileExists(atPath: test.directory.path("limited.sqlite")) {
            #expect(try test.cli.run(["verify", "--db", "limited.sqlite"]).status == 0)
        }
    }

    @Test func hugeInputsAreRefusedWithAClearMessage() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let huge = test.directory.path("huge.txt")
        try #require(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(filePath: huge))
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        let before = try test.entryCount()
        expectRefusal(try test.cli.run(["source", "add", huge, "--title", "T", "--publisher", "P"]), mentioning: "larger than 64 MiB")
        // argument-parser takes time quadratic in the number of repeated options (about 6 s for 10,000 in a
        // release build), so the full count runs with the long tests only.
        let tagCount = longTestsEnabled ? 10_000 : 1_000
        let manyTags = (0..<tagCount).flatMap { ["--tag", "t\($0)"] }
        expectRefusal(
            try test.cli.run(["commitment", "add", "--by", "prc", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15"] + manyTags),
            mentioning: "\(tagCount) tags given")
        let longQuote = String(repeating: "fentanyl ", count: 12_000)
        expectRefusal(
            try test.cli.run(["commitment", "add", "--by", "prc", "--source", "S1", "--quote", longQuote, "--made", "2023-11-15"]),
            mentioning: "a quote may hold at most 10000")
        #expect(try test.entryCount() == before)
    }
}

/// Sends SIGKILL: no chance to clean up, as in a power cut or an OOM kill.
private func sendKill(_ pid: Int32) {
    kill(pid, SIGKILL)
}

private func sendSignal(_ signal: Int32, to pid: Int32) {
    kill(pid, signal)
}
