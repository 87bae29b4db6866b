import Foundation
import PledgerTestSupport
import Testing

/// A temporary working directory with a runner for the built `pledger` binary.
struct CLITestCase {
    let directory: TemporaryDirectory
    let cli: CLIRunner

    init() throws {
        directory = try TemporaryDirectory()
        cli = CLIRunner(workingDirectory: directory.url)
    }

    /// Initializes `pledger.sqlite` and archives the two seed articles as S1 (Daily Caller) and S2 (The Hill),
    /// with the actors of the seed case.
    func seededLedger() throws {
        try cli.succeed(["init"])
        let caller = Fixtures.seedCaseFolder.appending(path: Fixtures.dailyCallerFile).path
        let hill = Fixtures.seedCaseFolder.appending(path: Fixtures.theHillFile).path
        try cli.succeed(["source", "add", caller, "--title", "No Evidence", "--publisher", "The Daily Caller", "--published", "2024-04-16"])
        try cli.succeed(["source", "add", hill, "--title", "Bipartisan lawmakers", "--publisher", "The Hill", "--published", "2023-08-04"])
        try cli.succeed(["actor", "add", "prc", "--name", "People’s Republic of China", "--kind", "government"])
        try cli.succeed(["actor", "add", "xi-jinping", "--name", "Xi Jinping", "--kind", "person", "--parent", "prc"])
        try cli.succeed(["actor", "add", "joe-biden", "--name", "Joe Biden", "--kind", "person"])
    }

    /// Logs C1 on the seeded ledger (see ``seededLedger()``): Xi's promise to "dramatically curtail", made
    /// 2023-11-15, with `options` added to `pledger commitment add`.
    @discardableResult
    func logSeedCommitment(_ options: [String] = []) throws -> String {
        try cli.succeed(Self.seedCommitment + options)
    }

    /// Runs the `commitment add` of ``logSeedCommitment(_:)``, for a test that expects it refused.
    func logSeedCommitmentResult(_ options: [String]) throws -> CLIResult {
        try cli.run(Self.seedCommitment + options)
    }

    private static let seedCommitment = [
        "commitment", "add", "--by", "xi-jinping", "--source", "S1", "--quote", "dramatically curtail", "--made", "2023-11-15",
    ]

    /// The number of entries in the ledger, read through `pledger log --format json`.
    func entryCount() throws -> Int {
        let data = Data(try cli.succeed(["log", "--format", "json"]).utf8)
        let entries = try JSONSerialization.jsonObject(with: data) as? [Any]
        return entries?.count ?? -1
    }

    /// Starts `writers` shell loops at once, each running `pledger actor add` `appendsEach` times against the
    /// ledger in this directory, waits for all, and checks that each succeeded without a "locked" message.
    func runConcurrentWriters(_ writers: Int, appendsEach: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let script = """
            for i in $(seq 1 \(appendsEach)); do
              "$PLEDGER" actor add "w$WRITER-a$i" --name "Writer $WRITER #$i" --kind group >/dev/null || exit 1
            done
            """
        let processes = try (1...writers).map { writer in
            let process = Process()
            process.executableURL = URL(filePath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = directory.url
            var environment = ProcessInfo.processInfo.environment
            environment["PLEDGER"] = CLIRunner.binary.path
            environment["WRITER"] = String(writer)
            environment["PLEDGER_AUTHOR"] = "writer-\(writer)"
            environment.removeValue(forKey: "PLEDGER_DB")
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        for (process, errors) in processes {
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "a writer failed: \(stderr)", sourceLocation: sourceLocation)
            #expect(!stderr.contains("locked"), "\(stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Runs `sql` on the ledger `file` in this directory with the sqlite3 shell, as someone editing the file
    /// behind Pledger's back would, and returns what it printed.
    @discardableResult
    func sqlite(_ sql: String, on file: String = "pledger.sqlite") throws -> String {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "needs the sqlite3 shell")
        let result = try cli.run(executable: URL(filePath: sqlite3), [directory.path(file), sql])
        try #require(result.status == 0, "sqlite3 failed: \(result.stderr)")
        return result.stdout
    }

    /// Parses stdout of a `--format json` command.
    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try cli.succeed(arguments).utf8))
    }
}

/// Checks the error contract: exit `status`, nothing on stdout, and on stderr exactly one line, starting
/// "Error: " and containing `fragment`. A refusal that lists choices after that line (the passages an ambiguous
/// quote could mean) passes `detailLines: true`; its first line must still contain `fragment`.
func expectRefusal(
    _ result: CLIResult, status: Int32 = 1, mentioning fragment: String, detailLines: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == status, "exit \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "stdout was: \(result.stdout)", sourceLocation: sourceLocation)
    let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.last == "", "stderr does not end its line: \(result.stderr)", sourceLocation: sourceLocation)
    let firstLine = lines.first ?? ""
    #expect(firstLine.hasPrefix("Error: "), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(firstLine.contains(fragment), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
    if !detailLines {
        #expect(lines.count == 2, "stderr has more than one line: \(result.stderr)", sourceLocation: sourceLocation)
    }
}
