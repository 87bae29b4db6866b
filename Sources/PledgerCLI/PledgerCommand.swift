import ArgumentParser

/// The `pledger` command: an accountability ledger of commitments.
public struct PledgerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pledger",
        abstract: "Keep an accountability ledger of commitments, with every claim traced to its source.",
        discussion: """
            Record what an actor promised, attach evidence of follow-through, assess status over time and \
            publish compliance reports. Every quote is anchored to the exact characters of an archived, hashed \
            source text, in an append-only log whose Merkle root `pledger verify` recomputes.

            Start with `pledger init`, or try `pledger demo` for the seed case.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, SourceCommand.self, ActorCommand.self, CommitmentCommand.self, EvidenceCommand.self,
            Assess.self, Show.self, List.self, History.self, Log.self, Search.self, Report.self, Verify.self, Export.self, Import.self, Repair.self,
            Demo.self, KeyCommand.self, CheckpointCommand.self, Prove.self, Consistency.self, VerifyProof.self,
        ]
    )

    public init() {}
}
