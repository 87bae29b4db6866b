import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a .tlog-proof that one entry is in a signed checkpoint.",
            discussion: """
                The proof (C2SP tlog-proof) holds the entry's index, its RFC 9162 inclusion proof and the signed \
                checkpoint. With the entry's line from `pledger export` and the verifier key, anyone can check it \
                without the ledger: `pledger verify-proof`, or docs/verify_pledger_proof.py.
                """)

        @OptionGroup var ledger: LedgerOptions

        @Option(help: "Output format: the C2SP tlog-proof text, or JSON with the same fields.")
        var format: ProofFormat = .text

        @Argument(help: ArgumentHelp("The entry: its index, or the ref of what it created (S1, C1, E1, A1).", valueName: "ref-or-index"))
        var reference: String

        @Option(help: ArgumentHelp("A signed checkpoint of this ledger. Defaults to the latest recorded one.", valueName: "file"))
        var checkpoint: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the proof to this file (conventionally *.tlog-proof) instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let store = try ledger.openStore()
            let index = try store.entryIndex(of: reference)
            let proof = try store.inclusionProof(forEntry: index, checkpointNote: try checkpoint.map(ProofFiles.read))
            let text = switch format {
            case .text: proof.serialized
            case .json: try PrettyJSON.string(InclusionProofView(proof))
            }
            if let output {
                try ProofFiles.write(text, to: output, what: "the proof")
                Output.diagnose("Wrote the proof of entry \(index) (\(proof.inclusionProof.count) hashes) to \(output)")
            } else {
                Output.print(text)
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the RFC 9162 consistency proof between two checkpoints of this ledger.",
            discussion: """
                Prints `old SIZE ROOT`, `new SIZE ROOT` (roots in base64) and the proof's hashes, one per line. \
                Without NEW, the proof runs to the current tree. Fails if the ledger's root at a checkpoint's size \
                is not the checkpoint's: the log was rewritten since.
                """)

        @OptionGroup var ledger: LedgerOptions

        @Option(help: "Output format: the text form above, or JSON with the same fields.")
        var format: ProofFormat = .text

        @Argument(help: ArgumentHelp("The earlier signed checkpoint.", valueName: "old-checkpoint"))
        var old: String

        @Argument(help: ArgumentHelp("The later signed checkpoint; defaults to the current tree.", valueName: "new-checkpoint"))
        var new: String?

        func run() throws {
            let proof = try ledger.openStore().consistencyProof(from: try ProofFiles.read(old), to: try new.map(ProofFiles.read))
            try proof.verify()
            switch format {
            case .text: Output.print(proof.serialized)
            case .json: try Output.printJSON(ConsistencyProofView(proof))
            }
        }
    }

    struct VerifyProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-proof",
            abstract: "Check a .tlog-proof for one entry, without any ledger.",
            discussion: """
                Checks the checkpoint's signature with the verifier key, that the entry's own index is the proof's, \
                and that the inclusion proof leads from the entry's leaf hash to the signed root. Prints what was \
                proven; exit 1 if anything fails.
                """)

        @Argument(help: ArgumentHelp("The .tlog-proof file.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("The log's verifier key (name+keyid+base64), or the path of its .pub file.", valueName: "vkey"))
        var key: String

        @Option(help: ArgumentHelp("The entry: its line from `pledger export` (canonical JSON), or - to read it from stdin.", valueName: "jsonl-line"))
        var entry: String

        func run() throws {
            let verifier = try KeyFile.readVerifier(key)
            let proof = try TLogProof(parsing: try ProofFiles.read(file))
            var line = entry
            if entry == "-" {
                line = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
            line = String(line.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first ?? "")
            let checkpoint = try proof.verify(entryBody: Array(line.utf8), by: verifier)
            Output.print(
                "entry \(proof.index) is in \(checkpoint.origin)'s signed checkpoint of \(checkpoint.size) entries (root \(checkpoint.rootHash.hex))")
        }
    }
}

/// Reading and writing the small text files of checkpoints and proofs.
enum ProofFiles {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PledgerError.notFound("cannot read \(path); check the path")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `text`, `what` it is (such as "the proof"), to `path` as every `-o` is written: never over a
    /// ledger or a folder, and never leaving half a file (see ``OutputFile``).
    static func write(_ text: String, to path: String, what: String) throws {
        try OutputFile.write(what, to: path) { $0.write(text) }
    }
}

/// How `prove` and `consistency` print their proofs.
enum ProofFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// An inclusion proof as JSON: hashes in hex.
struct InclusionProofView: Encodable {
    var index: UInt64
    var inclusionProof: [SHA256Hash]
    var checkpoint: String

    init(_ proof: TLogProof) {
        index = proof.index
        inclusionProof = proof.inclusionProof
        checkpoint = proof.checkpointNote
    }
}

/// A consistency proof as JSON: hashes in hex.
struct ConsistencyProofView: Encodable {
    var oldSize: UInt64
    var oldRoot: SHA256Hash
    var newSize: UInt64
    var newRoot: SHA256Hash
    var hashes: [SHA256Hash]

    init(_ proof: ConsistencyProof) {
        oldSize = proof.oldSize
        oldRoot = proof.oldRoot
        newSize = proof.newSize
        newRoot = proof.newRoot
        hashes = proof.hashes
    }
}
