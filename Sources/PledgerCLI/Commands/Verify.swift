import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the ledger: hashes, Merkle root, projection and every quote.",
            discussion: """
                Recomputes every leaf hash and the root, replays the log into a fresh projection and compares it \
                with the stored tables row by row, and re-checks every quote against its source text and hash. \
                Silent with exit 0 when all is well; otherwise each problem on stderr, then what to do, and exit 1.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Option(help: ArgumentHelp(
            "Instead, check that the ledger extends this signed checkpoint (needs --key). Reads O(log n) tree nodes; plain verify checks the entries themselves.",
            valueName: "file"))
        var checkpoint: String?

        @Option(help: ArgumentHelp("The verifier key of the checkpoint (name+keyid+base64), or its .pub file.", valueName: "vkey"))
        var key: String?

        func validate() throws {
            if (checkpoint == nil) != (key == nil) {
                throw ValidationError("--checkpoint and --key go together: pass the signed checkpoint file and the verifier key that signed it")
            }
        }

        func run() throws {
            if let checkpoint, let key {
                try verifyCheckpoint(checkpoint, key: key)
                return
            }
            let store = try ledger.openStore()
            let verification = try store.verification()
            let problems = verification.problems
            let warnings = try store.verificationWarnings()
            if output.format == .json {
                // The count and root of the entries checked, from the log: a damaged head cannot hide them.
                try Output.printJSON(VerificationView(
                    ok: problems.isEmpty, entryCount: verification.entryCount, rootHash: verification.rootHash,
                    problems: problems.map(\.description), warnings: warnings.map(\.description)))
            }
            // Warnings (orphaned quotes) are reported but do not fail the check.
            for warning in warnings {
                Output.diagnose("verify: warning: \(warning)")
            }
            guard problems.isEmpty else {
                for problem in problems {
                    Output.diagnose("verify: \(problem)")
                }
                Output.diagnose("verify: \(Wording.count(problems.count, "problem")); \(Self.advice(for: problems))")
                throw ExitCode.failure
            }
        }
    }
}

extension PledgerCommand.Verify {
    /// What to do about `problems`, by where they are: the derived tables alone are rebuilt from the log;
    /// damage to the log or to the file is mended only from a copy.
    static func advice(for problems: [VerificationProblem]) -> String {
        let locations = problems.map(\.location)
        if locations.contains(where: { $0.hasPrefix("entry ") || $0 == "SQLite file" }) {
            return "the log or the file itself is damaged: restore a backup, or import an export made before the damage"
        }
        if locations.allSatisfy({ $0.hasPrefix("trigger ") }) {
            return "`pledger repair --rebuild-projection` restores the append-only triggers"
        }
        if locations.contains("ledger head") {
            return "the ledger head disagrees with the log: `pledger repair --rebuild-projection` rebuilds it only when its root is the log's (see above); otherwise restore a backup"
        }
        return "the log is intact: `pledger repair --rebuild-projection` rebuilds the tables from it"
    }

    private func verifyCheckpoint(_ file: String, key: String) throws {
        let verifier = try KeyFile.readVerifier(key)
        let note = try ProofFiles.read(file)
        let (checkpoint, head) = try ledger.openStore().verifyExtends(checkpointNote: note, verifier: verifier)
        if output.format == .json {
            try Output.printJSON(CheckpointVerificationView(
                ok: true, origin: checkpoint.origin, checkpointSize: checkpoint.size, checkpointRoot: checkpoint.rootHash,
                entryCount: head.size, rootHash: head.rootHash))
        }
    }
}

/// The JSON shape of `verify --checkpoint --format json`.
struct CheckpointVerificationView: Encodable {
    var ok: Bool
    var origin: String
    var checkpointSize: UInt64
    var checkpointRoot: SHA256Hash
    var entryCount: Int
    var rootHash: SHA256Hash
}

/// The JSON shape of `verify --format json`.
struct VerificationView: Encodable {
    var ok: Bool
    var entryCount: Int
    var rootHash: SHA256Hash
    var problems: [String]
    var warnings: [String]
}
