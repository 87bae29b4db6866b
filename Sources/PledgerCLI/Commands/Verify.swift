import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the ledger: hashes, Merkle root, projection and every quote.",
            discussion: """
                Recomputes every leaf hash and the root, replays the log into a fresh projection and compares it \
                with the stored tables row by row, and re-checks every quote against its source text and hash. \
                Silent with exit 0 when all is well; otherwise each problem on stderr and exit 1.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let store = try ledger.openStore()
            let problems = try store.verify()
            let warnings = try store.verificationWarnings()
            let head = try store.head()
            if output.format == .json {
                try Output.printJSON(VerificationView(ok: problems.isEmpty, entryCount: head.size, rootHash: head.rootHash, problems: problems.map(\.description), warnings: warnings.map(\.description)))
            }
            // Warnings (orphaned quotes) are reported but do not fail the check.
            for warning in warnings {
                Output.diagnose("verify: warning: \(warning)")
            }
            guard problems.isEmpty else {
                for problem in problems {
                    Output.diagnose("verify: \(problem)")
                }
                throw ExitCode.failure
            }
        }
    }
}

/// The JSON shape of `verify --format json`.
struct VerificationView: Encodable {
    var ok: Bool
    var entryCount: Int
    var rootHash: SHA256Hash
    var problems: [String]
    var warnings: [String]
}
