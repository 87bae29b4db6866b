import ArgumentParser
import Foundation
import PledgerKit

extension PledgerCommand {
    struct KeyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Manage the Ed25519 key that signs checkpoints.",
            subcommands: [Generate.self])

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make a new signing key and print its public verifier key.",
                discussion: """
                    Writes the private key (mode 0600) to --out, by default beside the ledger with the extension \
                    .key (pledger.sqlite → pledger.key), and the verifier key to the same path with .pub. Keep the \
                    private key out of the ledger and out of backups you publish; publish the verifier key, which \
                    readers pass to `pledger verify-proof --key`. Never overwrites an existing key. Unless both \
                    --out and --name are given, --db must name an existing ledger, or nothing is written.
                    """)

            @OptionGroup var ledger: LedgerOptions

            @Option(help: ArgumentHelp(
                "The key's name, which is also the origin line of every checkpoint it signs; a schema-less URL such as example.org/ledger. Defaults to pledger/<ledger file name without its extension>.",
                valueName: "origin"))
            var name: String?

            @Option(help: ArgumentHelp("Where to write the private key.", valueName: "path"))
            var out: String?

            func run() throws {
                if out == nil || name == nil {
                    // Placed beside the ledger or named after it: refused, before anything is written, without one.
                    _ = try ledger.openStore()
                }
                let path = out ?? KeyFile.defaultPath(forLedgerAt: ledger.path)
                let stem = URL(filePath: ledger.path).deletingPathExtension().lastPathComponent
                let signer = try NoteSigner.generate(name: name ?? "pledger/\(stem)")
                try KeyFile.write(signer, to: path)
                Output.print(signer.verifier.encoded)
                Output.diagnose("Wrote the signing key to \(path) (mode 0600) and the verifier key to \(KeyFile.verifierPath(forKeyAt: path))")
            }
        }
    }

    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign the ledger's tree head, record the checkpoint in the ledger, and print it.",
            discussion: """
                Prints a C2SP tlog-checkpoint (origin, tree size, base64 root) as a signed note. The checkpoint \
                covers every entry before the checkpoint.recorded entry that records it. Publish it somewhere \
                you cannot quietly change (a website, a mailing list, a report) so that readers can later check \
                with `pledger verify --checkpoint` that the ledger was only ever appended to.
                """)

        @OptionGroup var ledger: WriterOptions

        @Option(help: ArgumentHelp("The private signing key. Defaults to $PLEDGER_KEY, else the .key file beside the ledger.", valueName: "path"))
        var key: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("Also write the signed checkpoint to this file.", valueName: "file"))
        var output: String?

        func run() throws {
            let path = key ?? ProcessInfo.processInfo.environment["PLEDGER_KEY"] ?? KeyFile.defaultPath(forLedgerAt: ledger.path)
            let signer = try KeyFile.readSigner(at: path)
            if let output {
                try OutputFile.checkDestination(output, writing: "the checkpoint")  // Before the checkpoint is recorded: never a ledger.
            }
            let note = try ledger.openStore().recordCheckpoint(signer: signer).serialized
            Output.print(note)  // First: recorded, the note must reach the user even if the file cannot.
            if let output {
                try ProofFiles.write(note, to: output, what: "the checkpoint")
            }
        }
    }
}
