import Foundation
import PledgerTestSupport
import Testing

@Suite struct CheckpointCLITests {
    @Test func keyGenerateWritesAPrivateKeyOnlyItsOwnerCanReadAndNeverOverwrites() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        let verifier = try test.cli.succeed(["key", "generate", "--name", "example.org/pledger"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(verifier.hasPrefix("example.org/pledger+"))
        #expect(verifier.split(separator: "+", maxSplits: 2).count == 3)
        let keyPath = test.directory.path("pledger.key")
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: keyPath, encoding: .utf8).hasPrefix("PRIVATE+KEY+example.org/pledger+"))
        #expect(try String(contentsOfFile: test.directory.path("pledger.pub"), encoding: .utf8) == verifier + "\n")

        let before = try Data(contentsOf: URL(filePath: keyPath))
        expectRefusal(try test.cli.run(["key", "generate", "--name", "example.org/pledger"]), mentioning: "already exists")
        #expect(try Data(contentsOf: URL(filePath: keyPath)) == before)
        expectRefusal(try test.cli.run(["key", "generate", "--name", "has space", "--out", "other.key"]), mentioning: "cannot name a key")
    }

    @Test(arguments: [
        ("nope.sqlite", "no ledger at nope.sqlite; run `pledger init`"),
        ("somedir", "somedir is a folder; pass --db with the path of a ledger file"),
        ("notes.txt", "notes.txt is not a Pledger ledger"),
    ])
    func keyGenerateRefusesADatabasePathThatIsNotALedgerAndWritesNoKey(db: String, refusal: String) throws {
        let test = try CLITestCase()
        try FileManager.default.createDirectory(atPath: test.directory.path("somedir"), withIntermediateDirectories: false)
        try "not a ledger\n".write(toFile: test.directory.path("notes.txt"), atomically: true, encoding: .utf8)
        let before = try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted()
        expectRefusal(try test.cli.run(["key", "generate", "--db", db]), mentioning: refusal)
        expectRefusal(try test.cli.run(["key", "generate", "--db", db, "--out", "signing.key"]), mentioning: refusal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: test.directory.url.path).sorted() == before)
    }

    @Test func checkpointAndProveNeverWriteOverALedgerAndRecordNothingTheyCannotWrite() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed(["key", "generate", "--name", "example.org/pledger"])
        let ledger = try Data(contentsOf: URL(filePath: test.directory.path("pledger.sqlite")))
        let size = try test.entryCount()
        expectRefusal(try test.cli.run(["checkpoint", "-o", "pledger.sqlite"]), mentioning: "pledger.sqlite is an SQLite database")
        expectRefusal(
            try test.cli.run(["checkpoint", "-o", "no/such/folder/cp.txt"]),
            mentioning: "cannot write the checkpoint to no/such/folder/cp.txt: No such file or directory (its folder); create its folder first")
        #expect(try test.entryCount() == size)
        try test.cli.succeed(["checkpoint"])
        expectRefusal(try test.cli.run(["prove", "S1", "-o", "pledger.sqlite"]), mentioning: "pledger.sqlite is an SQLite database")
        let after = try Data(contentsOf: URL(filePath: test.directory.path("pledger.sqlite")))
        #expect(after.prefix(16) == ledger.prefix(16))  // Still an SQLite file.
        #expect(try test.cli.run(["verify"]).status == 0)
    }

    @Test func checkpointThenProveThenVerifyProofWithoutTheLedger() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        let verifier = try test.cli.succeed(["key", "generate", "--name", "example.org/pledger"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let size = try test.entryCount()
        let note = try test.cli.succeed(["checkpoint", "-o", "first.checkpoint"])
        #expect(note.hasPrefix("example.org/pledger\n\(size)\n"))
        #expect(note.contains("\n\n— example.org/pledger "))
        #expect(try test.entryCount() == size + 1)
        let log = try test.cli.succeed(["log"])
        #expect(log.contains("checkpoint.recorded"))

        try test.cli.succeed(["prove", "S2", "-o", "s2.tlog-proof"])
        let proof = try String(contentsOfFile: test.directory.path("s2.tlog-proof"), encoding: .utf8)
        #expect(proof.hasPrefix("c2sp.org/tlog-proof@v1\nindex 2\n"))
        #expect(proof.hasSuffix(note))

        let lines = try test.cli.succeed(["export"]).split(separator: "\n").map(String.init)
        // Check it somewhere with no ledger at all.
        let elsewhere = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: test.directory.path("s2.tlog-proof"), toPath: elsewhere.path("s2.tlog-proof"))
        let outsider = CLIRunner(workingDirectory: elsewhere.url)
        let ok = try outsider.succeed(["verify-proof", "s2.tlog-proof", "--key", verifier, "--entry", lines[2]])
        #expect(ok.contains("entry 2 is in example.org/pledger's signed checkpoint of \(size) entries"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path("pledger.sqlite")))
        expectRefusal(try outsider.run(["verify-proof", "s2.tlog-proof", "--key", verifier, "--entry", lines[3]]), mentioning: "entry 3")

        var flipped = proof.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        flipped[2] = String(flipped[2].first == "A" ? "B" : "A") + flipped[2].dropFirst()
        try elsewhere.write(flipped.joined(separator: "\n"), to: "flipped.tlog-proof")
        expectRefusal(try outsider.run(["verify-proof", "flipped.tlog-proof", "--key", verifier, "--entry", lines[2]]), mentioning: "not proven")

        expectRefusal(try test.cli.run(["prove", "\(size)"]), mentioning: "not in the checkpoint")
    }

    @Test func verifyCheckpointPassesWhileTheLogGrowsAndFailsOnceItIsRewritten() throws {
        let test = try CLITestCase()
        try test.seededLedger()
        try test.cli.succeed(["key", "generate", "--name", "example.org/pledger"])
        try test.cli.succeed(["checkpoint", "-o", "first.checkpoint"])
        try test.cli.succeed(["actor", "add", "un", "--name", "United Nations", "--kind", "group"])
        let result = try test.cli.run(["verify", "--checkpoint", "first.checkpoint", "--key", "pledger.pub"])
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
        let consistency = try test.cli.succeed(["consistency", "first.checkpoint"])
        #expect(consistency.hasPrefix("old "))
        #expect(consistency.split(separator: "\n").count >= 3)

        // Rewrite the ledger: replace an actor's name in the export and import it, recomputing every hash.
        let export = try test.cli.succeed(["export"])
        #expect(export.contains(#""name":"Joe Biden""#))
        let forged = export.replacingOccurrences(of: #""name":"Joe Biden""#, with: #""name":"Joseph Biden""#)
            .split(separator: "\n").map(String.init)
        try test.directory.write(forged.joined(separator: "\n") + "\n", to: "forged.jsonl")
        // Whole, the export's own recorded checkpoint gives the rewrite away.
        expectRefusal(try test.cli.run(["import", "forged.jsonl", "--db", "forged.sqlite"]), mentioning: "an earlier line was rewritten")
        // Without that line and those after it, only the published checkpoint can tell.
        let recorded = try #require(forged.firstIndex { $0.contains(#""kind":"checkpoint.recorded""#) })
        try test.directory.write(forged.prefix(recorded).joined(separator: "\n") + "\n", to: "forged-prefix.jsonl")
        try test.cli.succeed(["import", "forged-prefix.jsonl", "--db", "forged.sqlite"])
        expectRefusal(
            try test.cli.run(["verify", "--db", "forged.sqlite", "--checkpoint", "first.checkpoint", "--key", "pledger.pub"]),
            mentioning: "does not extend the checkpoint")
        expectRefusal(try test.cli.run(["consistency", "--db", "forged.sqlite", "first.checkpoint"]), mentioning: "rewritten")

        let stranger = try TemporaryDirectory()
        let other = CLIRunner(workingDirectory: stranger.url)
        // A key for no ledger here: it is neither placed beside one nor named after one.
        let otherKey = try other.succeed(["key", "generate", "--name", "example.org/pledger", "--out", "other.key"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        expectRefusal(try test.cli.run(["verify", "--checkpoint", "first.checkpoint", "--key", otherKey]), mentioning: "not signed by")
        let usage = try test.cli.run(["verify", "--checkpoint", "first.checkpoint"])
        #expect(usage.status == 64)
    }
}
