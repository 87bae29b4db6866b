import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `pledger report -o FILE` and `pledger report` to stdout, run as a subprocess: reports stream to their
/// output, and a file is replaced only by a complete report.
@Suite struct ReportOutputFileTests {
    /// The clock every run is pinned to, so that two runs stamp the same generation time.
    static let epoch = "1795435200"

    /// The seed case ledger built by `pledger demo` into a fresh directory, and a runner with the clock pinned.
    private func demoLedger() throws -> (TemporaryDirectory, CLIRunner) {
        let directory = try TemporaryDirectory()
        let cli = CLIRunner(workingDirectory: directory.url, environment: ["SOURCE_DATE_EPOCH": Self.epoch])
        try cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path, "--db", "pledger.sqlite"])
        return (directory, cli)
    }

    private func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(filePath: path)))
    }

    /// Names of the files in `directory` that look like leftover temporary reports.
    private func partialFiles(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".partial") }
    }

    /// Expects a run that failed to write its report: exit 1, nothing on stdout and one line on stderr.
    private func expectWriteRefused(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("Error: cannot write the report to "), "stderr: \(result.stderr)",
            sourceLocation: sourceLocation)
    }

    @Test func writingAgainReplacesTheFileWholeWithWhatStdoutWouldShow() throws {
        let (directory, cli) = try demoLedger()
        let path = directory.path("r.json")
        try cli.succeed(["report", "-o", path, "--as-of", "2024-01-01"])
        let first = try bytes(path)
        #expect(first == Array(try cli.succeed(["report", "--format", "json", "--as-of", "2024-01-01"]).utf8))
        // A second name for the first file: writing in place would change what it shows too.
        try FileManager.default.linkItem(atPath: path, toPath: directory.path("first.json"))

        let result = try cli.run(["report", "-o", path, "--format", "json", "--as-of", "2024-05-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Wrote json report to \(path)"))
        let stdout = try cli.succeed(["report", "--format", "json", "--as-of", "2024-05-01"])
        #expect(try bytes(path) == Array(stdout.utf8))
        #expect(first != Array(stdout.utf8))
        #expect(try bytes(directory.path("first.json")) == first, "the earlier file was rewritten in place")
        #expect(try partialFiles(in: directory.url).isEmpty)
    }

    @Test(arguments: ["text", "markdown", "html", "json", "csv"])
    func stdoutThroughAPipeEqualsTheFileWritten(format: String) throws {
        let (directory, cli) = try demoLedger()
        let arguments = ["report", "--format", format, "--as-of", "2024-05-01", "--since", "2024-01-01"]
        let stdout = try cli.succeed(arguments)
        let path = directory.path("report.out")
        try cli.succeed(arguments + ["-o", path])
        #expect(!stdout.isEmpty)
        #expect(try bytes(path) == Array(stdout.utf8))
    }

    @Test func stdoutEqualsTheLibraryRenderingOfTheSameLedger() throws {
        let (directory, cli) = try demoLedger()
        let stdout = try cli.succeed(["report", "--as-of", "2024-05-01"])
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: TimeInterval(Self.epoch)!) }
        let store = try LedgerStore.open(at: directory.path("pledger.sqlite"), author: "tester", clock: clock)
        let report = try store.complianceReport(asOf: CalendarDate(validating: "2024-05-01"))
        #expect(stdout == TextReportRenderer().render(report))
        #expect(stdout.hasPrefix("COMPLIANCE REPORT AS OF 2024-05-01\n"))
    }

    @Test func aMissingDirectoryIsRefusedInOneLineAndNothingIsCreated() throws {
        let (directory, cli) = try demoLedger()
        let missing = "/nonexistent-dir-\(UUID().uuidString)"
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        let result = try cli.run(["report", "-o", "\(missing)/r.html"])
        expectWriteRefused(result)
        #expect(result.stderr.hasPrefix("Error: cannot write the report to \(missing)/r.html: "))
        #expect(result.stderr.hasSuffix("; create its folder first, or pass another -o path\n"))
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == before)
    }

    /// The reason given is the system's ("No such file or directory"), not a generic permission error.
    @Test func aMissingDirectoryIsNotReportedAsAPermissionProblem() throws {
        let (directory, cli) = try demoLedger()  // Keep the directory: it is removed when released.
        defer { withExtendedLifetime(directory) {} }
        let result = try cli.run(["report", "-o", "/nonexistent-dir-\(UUID().uuidString)/r.html"])
        expectWriteRefused(result)
        #expect(!result.stderr.lowercased().contains("permission"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("No such file or directory"), "stderr: \(result.stderr)")
    }

    /// A failed write to stdout (a full disk) is one line naming the system's reason, like a failed `-o`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "no /dev/full"))
    func aFailedWriteToStdoutIsOneReadableErrorLine() throws {
        let (directory, _) = try demoLedger()
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["report", "--as-of", "2024-05-01"]
        process.currentDirectoryURL = directory.url
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = Self.epoch
        environment.removeValue(forKey: "PLEDGER_DB")
        process.environment = environment
        let stderr = Pipe()
        process.standardOutput = full
        process.standardError = stderr
        try process.run()
        let errorText = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "stderr: \(errorText)")
        #expect(errorText.hasPrefix("Error: ") && errorText.split(separator: "\n").count == 1, "stderr: \(errorText)")
        #expect(!errorText.contains("Error Domain="), "stderr: \(errorText)")
        #expect(errorText.hasPrefix("Error: cannot write the report"), "stderr: \(errorText)")
    }

    /// Whether a process of this user is kept from creating files in a directory with mode 0555 (root is not).
    static var directoryPermissionsAreEnforced: Bool {
        guard let directory = try? TemporaryDirectory() else { return false }
        chmod(directory.url.path, 0o555)
        defer { chmod(directory.url.path, 0o755) }
        return !FileManager.default.createFile(atPath: directory.path("probe"), contents: Data("x".utf8))
    }

    @Test(.enabled(if: directoryPermissionsAreEnforced, "the user can write to a read-only directory (root)"))
    func aReadOnlyDirectoryLeavesTheEarlierReportUntouched() throws {
        let (directory, cli) = try demoLedger()
        let folder = directory.url.appending(path: "out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let path = folder.appending(path: "r.md").path
        let earlier = Array("# An earlier report\n".utf8)
        try Data(earlier).write(to: URL(filePath: path))
        #expect(chmod(folder.path, 0o555) == 0)
        defer { chmod(folder.path, 0o755) }
        expectWriteRefused(try cli.run(["report", "-o", path, "--as-of", "2024-05-01"]))
        #expect(try bytes(path) == earlier)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.md"])
    }

    @Test func aWriteProtectedReportIsRefusedAndKeptEvenForRoot() throws {
        let (directory, cli) = try demoLedger()
        let path = directory.path("published.html")
        let earlier = Array("<p>The report as published.</p>\n".utf8)
        try Data(earlier).write(to: URL(filePath: path))
        #expect(chmod(path, 0o444) == 0)
        let result = try cli.run(["report", "-o", path, "--as-of", "2024-05-01"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: \(path) is write-protected; make it writable, or pass another output path\n", "\(result.stderr)")
        #expect(try bytes(path) == earlier)
        #expect(try partialFiles(in: directory.url).isEmpty)
        // Made writable for its owner again, it is replaced.
        #expect(chmod(path, 0o644) == 0)
        try cli.succeed(["report", "-o", path, "--as-of", "2024-05-01"])
        #expect(try bytes(path) != earlier)
    }

    /// A write that fails part-way through the report (the file size limit is reached), which even root meets.
    ///
    /// SQLite writes up to 32 KiB of `-shm` when the ledger is opened, so the limit is 32 KiB and the ledger
    /// is the seed case with enough commitments added for an HTML report several times that size.
    @Test func aWriteFailingMidReportLeavesTheEarlierFileAndNoPartialFile() throws {
        let directory = try TemporaryDirectory()
        do {
            let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: TimeInterval(Self.epoch)!) }
            let store = try LedgerStore.create(at: directory.path("pledger.sqlite"), author: "tester", clock: clock)
            try store.load(try Fixtures.seedCase(), sourceBytes: Fixtures.seedBytes)
            let quote = try #require(try Fixtures.seedCase().commitments.first?.quote)
            for copy in 1...40 {
                _ = try store.logCommitment(CommitmentDraft(
                    promisors: [ActorSlug(validating: "xi-jinping")], source: SourceRef(2), quote: quote,
                    summary: "Copy \(copy) of the fentanyl precursors pledge"))
            }
        }
        let cli = CLIRunner(workingDirectory: directory.url, environment: ["SOURCE_DATE_EPOCH": Self.epoch])
        let folder = directory.url.appending(path: "out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let path = folder.appending(path: "r.html").path
        let earlier = Array("<p>An earlier report</p>\n".utf8)
        try Data(earlier).write(to: URL(filePath: path))
        let limitBlocks = 64  // 32 KiB, in 512-byte blocks.
        let html = try cli.succeed(["report", "--format", "html", "--as-of", "2024-05-01"])
        try #require(html.utf8.count > limitBlocks * 512 * 2)

        // Ignore SIGXFSZ so that a write past the limit fails with EFBIG instead of killing the process.
        var limited = cli
        limited.environment["PLEDGER"] = CLIRunner.binary.path
        limited.environment["TARGET"] = path
        let result = try limited.run(executable: URL(filePath: "/bin/sh"), [
            "-c", "trap '' XFSZ; ulimit -f \(limitBlocks) && exec \"$PLEDGER\" report -o \"$TARGET\" --as-of 2024-05-01",
        ])

        expectWriteRefused(result)
        #expect(result.stderr.hasSuffix("; free some space, or pass an -o path on another disk\n"), "\(result.stderr)")
        #expect(try bytes(path) == earlier)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.html"])
    }

    // MARK: What -o must never replace, and what it writes through

    @Test(arguments: [
        ["report", "--format", "json", "-o", "pledger.sqlite"],
        ["report", "--format", "csv", "-o", "pledger.sqlite-wal"],
        ["export", "-o", "pledger.sqlite"],
        ["export", "--format", "annotations", "-o", "pledger.sqlite-shm"],
        ["demo", "--fixtures", Fixtures.seedCaseFolder.path, "--db", "other.sqlite", "--html", "pledger.sqlite"],
    ])
    func anOutputPathThatNamesALedgerOrItsFilesIsRefusedAndTheLedgerKept(arguments: [String]) throws {
        let (directory, cli) = try demoLedger()
        let entries = try cli.succeed(["log", "--format", "json"])
        expectRefusal(try cli.run(arguments), mentioning: "is an SQLite database or one of its files")
        #expect(try cli.succeed(["log", "--format", "json"]) == entries)
        #expect(try partialFiles(in: directory.url).isEmpty)
    }

    @Test func aSymbolicLinkIsFollowedAndTheFileItNamesReplacedWhole() throws {
        let (directory, cli) = try demoLedger()
        try Data("an earlier report\n".utf8).write(to: directory.url.appending(path: "notes.json"))
        try FileManager.default.createSymbolicLink(atPath: directory.path("latest.json"), withDestinationPath: "notes.json")
        try cli.succeed(["report", "-o", "latest.json", "--as-of", "2024-05-01"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("latest.json")) == "notes.json")
        let stdout = try cli.succeed(["report", "--format", "json", "--as-of", "2024-05-01"])
        #expect(try bytes(directory.path("notes.json")) == Array(stdout.utf8))
    }

    @Test func aSymbolicLinkToNothingAndAFolderAreRefused() throws {
        let (directory, cli) = try demoLedger()
        try FileManager.default.createSymbolicLink(atPath: directory.path("gone.json"), withDestinationPath: "missing.json")
        expectRefusal(try cli.run(["report", "-o", "gone.json"]), mentioning: "is a symbolic link to a file that does not exist")
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.json")))
        try FileManager.default.createDirectory(at: directory.url.appending(path: "out.json"), withIntermediateDirectories: false)
        expectRefusal(try cli.run(["report", "-o", "out.json"]), mentioning: "out.json is a folder")
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        let (directory, cli) = try demoLedger()
        let fifo = directory.path("pipe.csv")
        try #require(mkfifo(fifo, 0o600) == 0)
        // A reader on the FIFO, as `pledger report -o >(…)` would have: the shell reads what the report writes.
        let background = Process()
        background.executableURL = URL(filePath: "/bin/sh")
        background.arguments = ["-c", "cat \"$FIFO\" > \"$FIFO.read\""]
        background.environment = ProcessInfo.processInfo.environment.merging(["FIFO": fifo]) { $1 }
        try background.run()
        try cli.succeed(["report", "-o", fifo, "--as-of", "2024-05-01"])
        // Had the FIFO been replaced, the reader would wait for ever: give it ten seconds, then end it.
        let deadline = Date().addingTimeInterval(10)
        while background.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        if background.isRunning {
            background.terminate()
            Issue.record("nothing was written through the FIFO")
        }
        background.waitUntilExit()
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & 0o170000 == 0o010000, "the FIFO is still a FIFO")
        let stdout = try cli.succeed(["report", "--format", "csv", "--as-of", "2024-05-01"])
        #expect(try bytes(fifo + ".read") == Array(stdout.utf8))
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let (directory, cli) = try demoLedger()
        let path = directory.path("private.jsonl")
        try Data("earlier\n".utf8).write(to: URL(filePath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try cli.succeed(["export", "-o", "private.jsonl"])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try bytes(path).count > 100)
    }

    @Test(arguments: [("out/", "names no file"), ("notes.txt/r.json", "is a file, not a folder"), ("", "names no file")])
    func aPathThatNamesNoFileIsRefused(path: String, refusal: String) throws {
        let (directory, cli) = try demoLedger()
        try Data("keep\n".utf8).write(to: directory.url.appending(path: "notes.txt"))
        expectRefusal(try cli.run(["export", "-o", path]), mentioning: refusal)
        #expect(try bytes(directory.path("notes.txt")) == Array("keep\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: directory.path("out")))
    }

    @Test func anOutputNamedLikeTheLogOfAFIFOIsCheckedWithoutWaitingOnTheFIFO() throws {
        let (directory, cli) = try demoLedger()
        try #require(mkfifo(directory.path("pipe"), 0o600) == 0)
        // Checking whether "pipe" is a database must not open it: a FIFO opened to read waits for a writer.
        var limited = cli
        limited.environment["PLEDGER"] = CLIRunner.binary.path
        let result = try limited.run(executable: URL(filePath: "/bin/sh"), [
            "-c", "exec timeout 20 \"$PLEDGER\" report --format csv -o pipe-wal",
        ])
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(try bytes(directory.path("pipe-wal")).count > 100)
    }
}
