import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one commitment, evidence, assessment, source or actor.",
            discussion: "REF is C1, E1, A1, S1, or an actor slug such as xi-jinping.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: ArgumentHelp("What to show.", valueName: "ref"))
        var ref: String

        @Option(help: ArgumentHelp("The day statuses are computed for. Defaults to today.", valueName: "date"), transform: Parse.date)
        var asOf: CalendarDate?

        func run() throws {
            let store = try ledger.openStore()
            let day = asOf ?? store.today
            switch ref.first?.uppercased() {
            case "C" where CommitmentRef(ref) != nil:
                let commitment = try Parse.commitmentRef(ref)
                try showCommitment(try store.dossier(commitment), asOf: day, orphans: try orphans(of: commitment, in: store))
            case "E" where EvidenceRef(ref) != nil:
                let evidence = try store.evidence(try Parse.evidenceRef(ref))
                let orphan = try orphans(of: evidence.commitment, in: store)[evidence.ref.description]
                try show(evidence) { evidence in
                    [
                        "\(evidence.ref) on \(evidence.commitment): \(evidence.stance.rawValue), observed \(evidence.observedOn)",
                        "  quote:      \(Describe.quote(evidence.quote))",
                    ] + (orphan.map { ["  warning:    \(Describe.orphan($0))"] } ?? []) + [
                        "  note:       \(Describe.continued(evidence.note ?? "—", indent: 14))",
                        "  entry hash: \(evidence.entryHash.hex)",
                    ]
                }
            case "A" where AssessmentRef(ref) != nil:
                try show(try store.assessment(try Parse.ref(ref))) { assessment in
                    [
                        "\(assessment.ref) on \(assessment.commitment)\(assessment.promisor.map { " for \($0)" } ?? ""): \(assessment.status.rawValue) from \(assessment.effectiveOn)",
                        "  rationale:  \(Describe.continued(assessment.rationale, indent: 14))",
                        "  evidence:   \(assessment.evidence.isEmpty ? "—" : assessment.evidence.map(\.description).joined(separator: ", "))",
                        "  assessor:   \(assessment.assessor), recorded \(assessment.recordedAt)",
                        "  entry hash: \(assessment.entryHash.hex)",
                    ]
                }
            case "S" where SourceRef(ref) != nil:
                let source = try store.source(try Parse.sourceRef(ref))
                let latest = try store.sourceVersions(source.ref).last { $0.version == source.latestVersion }
                try show(source) { Describe.sourceDetails($0, latest: latest) }
            default:
                guard let slug = try? ActorSlug(validating: ref) else {
                    throw ValidationError(
                        "'\(ref)' is neither a ref (C1, E1, A1 or S1, numbered from 1) nor an actor slug such as xi-jinping")
                }
                try show(try store.actor(slug)) { actor in
                    [
                        "\(actor.slug): \(actor.name) (\(actor.kind.rawValue))",
                        "  parent:     \(actor.parent?.rawValue ?? "—")",
                        "  entry hash: \(actor.entryHash.hex)",
                    ]
                }
            }
        }

        private func show<Value: Encodable>(_ value: Value, lines: (Value) -> [String]) throws {
            switch output.format {
            case .json: try Output.printJSON(value)
            case .text: Output.print(lines(value).joined(separator: "\n"))
            }
        }

        /// The orphaned quotes of `commitment` and its evidence, by owner (`C1`, `E1`).
        private func orphans(of commitment: CommitmentRef, in store: LedgerStore) throws -> [String: OrphanedQuote] {
            Dictionary(try store.orphanedQuotes(of: commitment).map { ($0.owner, $0) }, uniquingKeysWith: { first, _ in first })
        }

        /// The due day, with the rule it came from when that was days after the day made (`2024-01-14 (+60d)`).
        private func dueText(_ commitment: Commitment) -> String {
            guard let dueOn = commitment.dueOn else { return "—" }
            if case .afterMade? = commitment.due, let due = commitment.due {
                return "\(dueOn) (\(due))"
            }
            return "\(dueOn)"
        }

        private func showCommitment(_ dossier: CommitmentDossier, asOf day: CalendarDate, orphans: [String: OrphanedQuote]) throws {
            var view = CommitmentView(dossier, asOf: day)
            view.orphanedQuotes = ([dossier.commitment.ref.description] + dossier.evidence.map(\.ref.description)).compactMap { orphans[$0] }
            try show(view) { view in
                let commitment = view.commitment
                var lines = [
                    "\(commitment.ref): \(commitment.summary)",
                    "  status:     \(view.status.rawValue) as of \(day)\(view.daysOverdue.map { ", overdue by \(Wording.count($0, "day"))" } ?? "")",
                    "  by:         \(Describe.parties(commitment))",
                ]
                if view.parties.count > 1 {
                    lines.append("  per party:  " + view.parties.map { party in
                        "\(party.actor) \(party.status.rawValue)\(party.daysOverdue.map { ", \(Wording.count($0, "day")) overdue" } ?? "")"
                    }.joined(separator: "; "))
                }
                lines += [
                    "  made:       \(commitment.madeOn)",
                    "  due:        \(dueText(commitment))",
                    "  tags:       \(commitment.tags.isEmpty ? "—" : commitment.tags.joined(separator: ", "))",
                    "  criteria:   \(Describe.continued(commitment.criteria ?? "—", indent: 14))",
                    "  quote:      \(Describe.quote(commitment.quote))",
                ]
                if let orphan = orphans[commitment.ref.description] {
                    lines.append("  warning:    \(Describe.orphan(orphan))")
                }
                lines += [
                    "  entry hash: \(commitment.entryHash.hex)",
                ]
                lines.append("Evidence:")
                if view.evidence.isEmpty { lines.append("  none yet") }
                for evidence in view.evidence {
                    let ref = evidence.ref.description.padding(toLength: max(3, evidence.ref.description.count), withPad: " ", startingAt: 0)
                    let stance = evidence.stance.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)  // "contradicts"
                    let later = evidence.observedOn > view.asOf ? "  [after \(view.asOf)]" : ""
                    lines.append("  \(ref)  \(stance)  \(evidence.observedOn)  \(Describe.quote(evidence.quote))\(orphans[evidence.ref.description] == nil ? "" : "  [ORPHANED]")\(later)")
                }
                lines.append("Assessments:")
                if view.assessments.isEmpty { lines.append("  none yet") }
                for assessment in view.assessments {
                    let party = assessment.promisor.map { " for \($0)" } ?? ""
                    let cites = assessment.evidence.isEmpty ? "" : " [\(assessment.evidence.map(\.description).joined(separator: ", "))]"
                    // Shown, since the ledger holds it, but it does not count toward the status as of the day.
                    let later = assessment.effectiveOn > view.asOf ? "  [after \(view.asOf)]" : ""
                    lines.append("  \(assessment.ref)  \(assessment.effectiveOn)  \(assessment.status.rawValue)\(party), by \(assessment.assessor): \(Describe.continued(assessment.rationale, indent: 4))\(cites)\(later)")
                }
                return lines
            }
        }
    }
}

/// A commitment with its status on one day, as `show` and `list` print it in JSON.
struct CommitmentView: Encodable {
    struct PartyStatus: Encodable {
        var actor: ActorSlug
        var status: Status
        var daysOverdue: Int?
    }

    var asOf: CalendarDate
    var commitment: Commitment
    var status: Status
    var parties: [PartyStatus]
    var overdue: Bool
    var daysOverdue: Int?
    var evidence: [Evidence]
    var assessments: [Assessment]
    /// The quotes of the commitment and its evidence that a source revision orphaned.
    var orphanedQuotes: [OrphanedQuote] = []

    init(_ dossier: CommitmentDossier, asOf day: CalendarDate) {
        asOf = day
        commitment = dossier.commitment
        status = dossier.status(asOf: day)
        parties = dossier.commitment.promisors.map { party in
            PartyStatus(
                actor: party, status: dossier.status(of: party, asOf: day),
                daysOverdue: dossier.daysOverdue(of: party, asOf: day))
        }
        daysOverdue = dossier.daysOverdue(asOf: day)
        overdue = daysOverdue != nil
        evidence = dossier.evidence
        assessments = dossier.assessments
    }
}
