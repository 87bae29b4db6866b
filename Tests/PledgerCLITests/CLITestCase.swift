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

    /// The number of entries in the ledger, read through `pledger log --format json`.
    func entryCount() throws -> Int {
        let data = Data(try cli.succeed(["log", "--format", "json"]).utf8)
        let entries = try JSONSerialization.jsonObject(with: data) as? [Any]
        return entries?.count ?? -1
    }

    /// Parses stdout of a `--format json` command.
    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try cli.succeed(arguments).utf8))
    }
}

/// Checks the error contract: exit `status`, exactly one line on stderr containing `fragment`, nothing on stdout.
func expectRefusal(
    _ result: CLIResult, status: Int32 = 1, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == status, "exit \(result.status), stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(fragment), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "stdout was: \(result.stdout)", sourceLocation: sourceLocation)
    if status == 1 {
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count >= 1 && lines[0].hasPrefix("Error: "), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
    }
}
