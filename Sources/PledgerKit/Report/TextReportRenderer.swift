/// Renders a ``ComplianceReport`` as plain text for a terminal: the default of `pledger report`.
///
/// Sections: the stamp, a scorecard table, the changes (with `--since`), the overdue list, a table of
/// commitments, then one block per commitment with its quote and citation, latest assessment, evidence and
/// history. Lines are wrapped at ``width`` columns. Control characters from the ledger (an escape sequence
/// in a source, say) are shown as U+FFFD, so that a report cannot drive the terminal; so are directional
/// formatting characters, so that a source cannot reorder the citation after its quote.
public struct TextReportRenderer: ReportRenderer, ItemCompletedRenderer {
    /// The column at which prose is wrapped.
    public var width: Int

    /// Creates the renderer.
    public init(width: Int = 100) {
        self.width = max(40, width)
    }

    /// Writes the report to `output` as it is rendered: commitments are rendered in batches on every core and
    /// handed over in order.
    public func write(_ report: ComplianceReport, to output: inout some TextOutputStream) {
        write(report, to: &output, completing: nil)
    }

    /// Writes the report, completing each batch of commitments with `complete` before it is rendered (see
    /// ``LedgerStore/writeComplianceReport(asOf:scope:since:asRecorded:verifiedEntryCount:format:to:)``).
    func write(
        _ report: ComplianceReport, to output: inout some TextOutputStream, completing complete: ItemCompletion?
    ) {
        guard !report.commitments.isEmpty else {
            var out = opening(report)
            out.line("  No commitments in scope.")
            out.text.move(to: &output)
            return
        }
        report.commitments.renderConcurrently(
            to: &output, completing: complete,
            prologue: { output in
                var out = opening(report)
                out.table(CommitmentTable(items: report.commitments), indent: 2)
                out.blank()
                out.text.move(to: &output)
            }
        ) { batch, _, buffer in
            var out = TextOutput(width: width, into: consume buffer)
            var citations = CitationParts<TextCitation>()
            for item in batch {
                commitment(item, asOf: report.asOf, into: &out, citations: &citations)
            }
            return out.text
        }
    }

    /// The table of commitments, a row each, its cells read from the items in place: a copy of an item would
    /// retain everything it holds, for 100k items.
    private struct CommitmentTable: TextTable {
        let items: [ComplianceReport.Item]

        var headers: [String] { ["REF", "STATUS", "MADE", "DUE", "OVERDUE", "BY", "SUMMARY"] }
        var rowCount: Int { items.count }

        func appendCell(row: Int, column: Int, to text: inout ReportBuffer) {
            switch column {
            case 0: text.append(items[row].ref)
            case 1: text.append(contentsOf: items[row].status.rawValue)
            case 2: text.append(items[row].madeOn)
            case 3:
                if let dueOn = items[row].dueOn { text.append(dueOn) } else { text.append("—") }
            case 4: text.append(contentsOf: items[row].daysOverdue.map { Wording.count($0, "day") } ?? "—")
            case 5: text.append(contentsOf: TerminalWidth.clipped(items[row].promisors.map(\.name).joined(separator: ", "), to: 30))
            default: text.append(contentsOf: TerminalWidth.clipped(items[row].summary, to: 60))
            }
        }
    }

    /// Everything before the commitment table: the stamp, the scorecard, changes and overdue commitments.
    private func opening(_ report: ComplianceReport) -> TextOutput {
        var out = TextOutput(width: width)
        out.line("COMPLIANCE REPORT AS OF \(report.asOf)")
        out.line("Scope: \(ReportFigures.scopeLine(report.scope)).")
        out.line("Ledger: \(Wording.entries(report.stamp.entryCount)), root \(report.stamp.rootHash.hex)")
        out.line("Generated \(report.stamp.generatedAt). Check it with `pledger verify`.")
        if let checkpoint = report.stamp.checkpoint {
            out.line("Latest signed checkpoint (check with `pledger verify --checkpoint FILE --key VKEY`):")
            for line in checkpoint.split(separator: "\n") {
                out.line("  " + line)
            }
        }
        if let asRecorded = report.stamp.asRecorded {
            out.wrapped(ReportFigures.asRecordedLine(asRecorded))
        }
        out.blank()
        scorecard(report, into: &out)
        if let changes = report.changes {
            self.changes(changes, into: &out)
        }
        overdue(report, into: &out)
        out.line("COMMITMENTS")
        return out
    }

    private func scorecard(_ report: ComplianceReport, into out: inout TextOutput) {
        out.line("SCORECARD")
        out.wrapped(
            "Each promisor of each commitment counts once. Kept +1; partially kept and in progress 0; stalled and "
                + "broken −1; not yet rated, unverifiable and withdrawn are not scored. Compliance = (mean + 1) / 2 × 100.",
            indent: 2)
        var cards = report.actors.map { ($0.name, $0.scorecard) }
        cards.append(("All", report.overall))
        var rows: [[String]] = []
        for (name, card) in cards {
            let statuses = Status.allCases.compactMap { status in
                (card.counts[status.rawValue] ?? 0) > 0 ? "\(card.counts[status.rawValue] ?? 0) \(ReportFigures.label(status))" : nil
            }
            rows.append([
                TerminalWidth.clipped(name, to: 36), String(card.scored), ReportFigures.score(card.meanScore),
                ReportFigures.percent(card.compliancePercent), statuses.isEmpty ? "—" : statuses.joined(separator: ", "),
            ])
        }
        out.table(StringTable(headers: ["ACTOR", "SCORED", "MEAN", "COMPLIANCE", "STATUSES"], rows: rows), indent: 2)
        out.blank()
    }

    private func changes(_ changes: ComplianceReport.Changes, into out: inout TextOutput) {
        out.line("CHANGES SINCE \(changes.since)")
        if changes.isEmpty {
            out.line("  Nothing changed after \(changes.since).")
        }
        if !changes.newCommitments.isEmpty {
            out.line("  New commitments:")
            for new in changes.newCommitments {
                out.wrapped("\(new.commitment)  made \(new.madeOn), now \(ReportFigures.label(new.status)): \(new.summary)", indent: 4, hanging: 6)
            }
        }
        if !changes.statusMoves.isEmpty {
            out.line("  Status moves:")
            for move in changes.statusMoves {
                let who = move.party.map { " for \($0.name)" } ?? ""
                let because = move.assessments.isEmpty ? "" : " (\(move.assessments.map(\.description).joined(separator: ", ")))"
                out.wrapped(
                    "\(move.commitment)\(who): \(ReportFigures.label(move.before)) → \(ReportFigures.label(move.after))\(because) — \(move.summary)",
                    indent: 4, hanging: 6)
            }
        }
        if !changes.newEvidence.isEmpty {
            out.line("  New evidence:")
            for piece in changes.newEvidence {
                out.wrapped(
                    "\(piece.evidence) on \(piece.commitment), \(piece.stance.rawValue), observed \(piece.observedOn): “\(piece.exact)”",
                    indent: 4, hanging: 6)
            }
        }
        out.blank()
    }

    private func overdue(_ report: ComplianceReport, into out: inout TextOutput) {
        out.line("OVERDUE")
        if !report.hasOverdue {
            out.line("  Nothing is overdue as of \(report.asOf).")
        }
        report.forEachOverdue { item in
            let due = item.dueOn.map(\.description) ?? "?"
            out.wrapped(
                "\(item.ref)  due \(due), \(Wording.count(item.daysOverdue ?? 0, "day")) overdue, \(ReportFigures.label(item.status)) — \(item.summary)",
                indent: 2, hanging: 6)
        }
        out.blank()
    }

    private func commitment(
        _ item: ComplianceReport.Item, asOf: CalendarDate, into out: inout TextOutput,
        citations: inout CitationParts<TextCitation>
    ) {
        out.rule()
        // The lines of every commitment are appended piece by piece, as the evidence's are, rather than
        // interpolated: a report has 100k commitments.
        out.wrapped(hanging: 2) { text in
            text.append(item.ref)
            text.append(" · ")
            text.append(contentsOf: Self.shouted(item.status))
            if item.overdue {
                text.append(" · ")
                text.append(contentsOf: Wording.count(item.daysOverdue ?? 0, "DAY"))
                text.append(" OVERDUE")
            }
            text.append(" · ")
            text.append(contentsOf: item.summary)
        }
        out.wrapped(indent: 2, hanging: 4) { text in
            text.append("Promised by ")
            text.appendParties(of: item, named: Self.appendNamed)
            text.append("; made ")
            text.append(item.madeOn)
            if let dueOn = item.dueOn {
                text.append(", due ")
                text.append(dueOn)
            } else {
                text.append(", no due date")
            }
            text.append(".")
        }
        if item.promisors.count > 1 {
            out.wrapped(indent: 2, hanging: 4) { text in
                text.append("Per party: ")
                text.appendJoined(item.promisors, separator: "; ") { party, text in
                    text.append(contentsOf: party.name)
                    text.append(": ")
                    text.append(contentsOf: ReportFigures.label(party.status))
                    if let days = party.daysOverdue {
                        text.append(", ")
                        text.append(contentsOf: Wording.count(days, "day"))
                        text.append(" overdue")
                    }
                }
                text.append(".")
            }
        }
        if let criteria = item.criteria {
            out.wrapped(indent: 2, hanging: 4) { text in
                text.append("Kept when: ")
                text.append(contentsOf: criteria)
            }
        }
        if !item.tags.isEmpty {
            out.wrapped(indent: 2, hanging: 4) { text in
                text.append("Tags: ")
                text.appendJoined(item.tags, separator: ", ") { tag, text in text.append(contentsOf: tag) }
            }
        }
        out.wrapped(indent: 2, hanging: 9) { text in
            text.append("Quote: ")
            quoted(item.quote, into: &text)
        }
        out.wrapped(indent: 9, hanging: 9) { citations.append(item.quote, into: &$0) }
        if let assessment = item.latestAssessment {
            out.wrapped(indent: 2, hanging: 4) { text in
                text.append("Latest assessment ")
                text.append(assessment.ref)
                if let party = item.party(judgedBy: assessment) {
                    text.append(" (for ")
                    text.append(contentsOf: party.name)
                    text.append(")")
                }
                text.append(": ")
                text.append(contentsOf: ReportFigures.label(assessment.status))
                text.append(" from ")
                text.append(assessment.effectiveOn)
                text.append(", by ")
                text.append(contentsOf: assessment.assessor)
                text.append(".")
            }
            out.wrapped(assessment.rationale, indent: 4, hanging: 4)
            if !assessment.evidence.isEmpty {
                out.ownLine { text in
                    text.append("    Relies on ")
                    text.appendJoined(assessment.evidence, separator: ", ") { ref, text in text.append(ref) }
                    text.append(".")
                }
            }
        } else {
            let unrated = ReportFigures.withoutOverallStatus(item, asOf: asOf)
            out.wrapped(indent: 2, hanging: 4) { text in
                text.append(contentsOf: unrated.lead)
                text.append(contentsOf: unrated.rest)
            }
        }
        evidence(of: item, into: &out, citations: &citations)
        if !item.history.isEmpty {
            out.wrapped(indent: 2, hanging: 4) { text in
                text.append("History: ")
                for (index, step) in item.history.enumerated() {
                    if index > 0 { text.append(" → ") }
                    text.append(step.effectiveOn)
                    text.append(" ")
                    text.append(contentsOf: ReportFigures.label(step.status))
                    if let promisor = step.promisor {
                        text.append(" for ")
                        text.append(contentsOf: promisor.rawValue)
                    }
                    text.append(" (")
                    text.append(step.ref)
                    text.append(")")
                }
            }
        }
        out.blank()
    }

    /// The count of each stance's evidence, then each piece with its quote and citation: contradicting,
    /// supporting, context.
    private func evidence(
        of item: ComplianceReport.Item, into out: inout TextOutput, citations: inout CitationParts<TextCitation>
    ) {
        let groups = [("contradicting", item.contradicting), ("supporting", item.supporting), ("context", item.context)]
        out.ownLine { text in
            let present = groups.lazy.filter { !$0.1.isEmpty }
            text.append("  Evidence: ")
            text.appendJoined(present, separator: ", ") { group, text in
                text.append(group.1.count)
                text.append(" ")
                text.append(contentsOf: group.0)
            }
            text.append(present.isEmpty ? "none." : ".")
        }
        for (_, pieces) in groups {
            for piece in pieces {
                out.wrapped(indent: 4, hanging: 6) { text in
                    text.append(piece.ref)
                    text.append(" ")
                    text.append(contentsOf: piece.stance.rawValue)
                    text.append(", observed ")
                    text.append(piece.observedOn)
                    text.append(": ")
                    quoted(piece.quote, into: &text)
                    if let note = piece.note {
                        text.append(" Note: ")  // Labelled: unlabelled, an editor's note reads as the source's.
                        text.append(contentsOf: note)
                    }
                }
                out.wrapped(indent: 6, hanging: 6) { citations.append(piece.quote, into: &$0) }
            }
        }
    }

    /// `Name (slug)`.
    private static func appendNamed(_ name: String, _ slug: ActorSlug, into text: inout ReportBuffer) {
        text.append(contentsOf: name)
        text.append(" (")
        text.append(contentsOf: slug.rawValue)
        text.append(")")
    }

    /// A status as a commitment's heading shows it, its raw value upper-cased: `IN-PROGRESS`. Literals, as in
    /// ``ReportFigures/label(_:)``.
    static func shouted(_ status: Status) -> String {
        switch status {
        case .notYetRated: "NOT-YET-RATED"
        case .inProgress: "IN-PROGRESS"
        case .stalled: "STALLED"
        case .partiallyKept: "PARTIALLY-KEPT"
        case .kept: "KEPT"
        case .broken: "BROKEN"
        case .unverifiable: "UNVERIFIABLE"
        case .withdrawn: "WITHDRAWN"
        }
    }

    private func quoted(_ quote: ComplianceReport.CitedQuote, into text: inout ReportBuffer) {
        let marks = PassageMarks.pair(avoiding: quote.prefix, quote.exact, quote.suffix)
        text.append("“…")
        text.append(contentsOf: quote.prefix)
        text.append(contentsOf: marks.openText)
        text.append(contentsOf: quote.exact)
        text.append(contentsOf: marks.closeText)
        text.append(contentsOf: quote.suffix)
        text.append("…”")
    }
}
