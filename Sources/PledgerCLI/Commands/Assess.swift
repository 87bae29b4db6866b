import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a status judgement on a commitment.",
            discussion: """
                The current status is the latest effective assessment. With --for, the judgement covers one \
                promisor of a multi-party pledge.
                """)

        @OptionGroup var ledger: WriterOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("The commitment, such as C1.", valueName: "commitment"), transform: Parse.commitmentRef)
        var commitment: CommitmentRef

        @Option(
            help: ArgumentHelp(
                "The status: \(Status.assessable.listedSpellings).", valueName: "status"),
            completion: .list(Status.assessable.spellings), transform: Parse.assessedStatus)
        var status: Status

        @Option(name: .customLong("for"), help: ArgumentHelp("Judge one promisor only.", valueName: "actor"), transform: Parse.slug)
        var promisor: ActorSlug?

        @Option(name: .customLong("evidence"), help: ArgumentHelp("Evidence relied on; repeat for several.", valueName: "ref"), transform: Parse.evidenceRef)
        var evidence: [EvidenceRef] = []

        @Option(help: "Why.")
        var rationale: String

        @Option(help: ArgumentHelp("The day the status holds from. Defaults to today.", valueName: "date"), transform: Parse.date)
        var effective: CalendarDate?

        func run() throws {
            let assessment = try ledger.openStore().assess(
                AssessmentDraft(
                    commitment: commitment, status: status, promisor: promisor, evidence: evidence, rationale: rationale,
                    effectiveOn: effective))
            switch output.format {
            case .json:
                try Output.printJSON(assessment)
            case .text:
                let party = assessment.promisor.map { " for \($0)" } ?? ""
                Output.print("Assessed \(assessment.commitment)\(party) as \(assessment.status.rawValue) from \(assessment.effectiveOn) (\(assessment.ref))")
            }
        }
    }
}
