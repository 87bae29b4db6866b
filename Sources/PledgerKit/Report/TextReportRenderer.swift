/// Renders a ``ComplianceReport`` as plain text for a terminal: the default of `pledger report`.
///
/// Sections: the stamp, a scorecard table, the changes (with `--since`), the overdue list, a table of
/// commitments, then one block per commitment with its quote and citation, latest assessment, evidence and
/// history. Lines are wrapped at ``width`` columns. Control characters from the ledger (an escape sequence
/// in a source, say) are shown as U+FFFD, so that a report cannot drive the terminal.
public struct TextReportRenderer: Sendable {
    /// The column at which prose is wrapped.
    public var width: Int

    /// Creates the renderer.
    public init(width: Int = 100) {
        self.width = max(40, width)
    }

    /// The report as text ending in a newline.
    public func render(_ report: ComplianceReport) -> String {
        var out = TextOutput(width: width)
        out.line("COMPLIANCE REPORT AS OF \(report.asOf)")
        out.line("Scope: \(ReportFormat.scopeLine(report.scope)).")
        out.line("Ledger: \(report.stamp.entryCount) entries, root \(report.stamp.rootHash.hex)")
        out.line("Generated \(report.stamp.generatedAt). Check it with `pledger verify`.")
        if let checkpoint = report.stamp.checkpoint {
            out.line("Latest signed checkpoint (check with `pledger verify --checkpoint FILE --key VKEY`):")
            for line in checkpoint.split(separator: "\n") {
                out.line("  " + line)
            }
        }
        if let asRecorded = report.stamp.asRecorded {
            out.wrapped(ReportFormat.asRecordedLine(asRecorded))
        }
        out.blank()
        scorecard(report, into: &out)
        if let changes = report.changes {
            self.changes(changes, into: &out)
        }
        overdue(report, into: &out)
        out.line("COMMITMENTS")
        guard !report.commitments.isEmpty else {
            out.line("  No commitments in scope.")
            return out.text
        }
        var table = TextColumns(headers: ["REF", "STATUS", "MADE", "DUE", "OVERDUE", "BY", "SUMMARY"])
        for item in report.commitments {
            table.rows.append([
                item.ref.description, item.status.rawValue, item.madeOn.description, item.dueOn?.description ?? "—",
                item.daysOverdue.map { "\($0) days" } ?? "—",
                clip(item.promisors.map(\.name).joined(separator: ", "), 30), clip(item.summary, 60),
            ])
        }
        out.table(table, indent: 2)
        out.blank()
        for item in report.commitments {
            commitment(item, asOf: report.asOf, into: &out)
        }
        return out.text
    }

    private func scorecard(_ report: ComplianceReport, into out: inout TextOutput) {
        out.line("SCORECARD")
        out.wrapped(
            "Each promisor of each commitment counts once. Kept +1; partially kept and in progress 0; stalled and "
                + "broken −1; not yet rated, unverifiable and withdrawn are not scored. Compliance = (mean + 1) / 2 × 100.",
            indent: 2)
        var table = TextColumns(headers: ["ACTOR", "SCORED", "MEAN", "COMPLIANCE", "STATUSES"])
        var rows = report.actors.map { ($0.name, $0.scorecard) }
        rows.append(("All", report.overall))
        for (name, card) in rows {
            let statuses = Status.allCases.compactMap { status in
                (card.counts[status.rawValue] ?? 0) > 0 ? "\(card.counts[status.rawValue] ?? 0) \(ReportFormat.label(status))" : nil
            }
            table.rows.append([
                clip(name, 36), String(card.scored), ReportFormat.score(card.meanScore),
                ReportFormat.percent(card.compliancePercent), statuses.isEmpty ? "—" : statuses.joined(separator: ", "),
            ])
        }
        out.table(table, indent: 2)
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
                out.wrapped("\(new.commitment)  made \(new.madeOn), now \(ReportFormat.label(new.status)): \(new.summary)", indent: 4, hanging: 6)
            }
        }
        if !changes.statusMoves.isEmpty {
            out.line("  Status moves:")
            for move in changes.statusMoves {
                let who = move.party.map { " for \($0.name)" } ?? ""
                let because = move.assessments.isEmpty ? "" : " (\(move.assessments.map(\.description).joined(separator: ", ")))"
                out.wrapped(
                    "\(move.commitment)\(who): \(ReportFormat.label(move.before)) → \(ReportFormat.label(move.after))\(because) — \(move.summary)",
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
        let overdue = report.commitments.filter(\.overdue)
        if overdue.isEmpty {
            out.line("  Nothing is overdue as of \(report.asOf).")
        }
        for item in overdue {
            let due = item.dueOn.map(\.description) ?? "?"
            out.wrapped(
                "\(item.ref)  due \(due), \(item.daysOverdue ?? 0) days overdue, \(ReportFormat.label(item.status)) — \(item.summary)",
                indent: 2, hanging: 6)
        }
        out.blank()
    }

    private func commitment(_ item: ComplianceReport.Item, asOf: CalendarDate, into out: inout TextOutput) {
        out.rule()
        out.wrapped("\(item.ref) · \(item.status.rawValue.uppercased())\(item.overdue ? " · \(item.daysOverdue ?? 0) DAYS OVERDUE" : "") · \(item.summary)", hanging: 2)
        let by = item.promisors.map { "\($0.name) (\($0.slug))" }.joined(separator: ", ")
        let to = item.promisee.map { " to \($0.name) (\($0.slug))" } ?? ""
        let due = item.dueOn.map { "due \($0)" } ?? "no due date"
        out.wrapped("Promised by \(by)\(to); made \(item.madeOn), \(due).", indent: 2, hanging: 4)
        if item.promisors.count > 1 {
            let parties = item.promisors.map { party in
                "\(party.name): \(ReportFormat.label(party.status))\(party.daysOverdue.map { ", \($0) days overdue" } ?? "")"
            }
            out.wrapped("Per party: " + parties.joined(separator: "; ") + ".", indent: 2, hanging: 4)
        }
        if let criteria = item.criteria {
            out.wrapped("Kept when: \(criteria)", indent: 2, hanging: 4)
        }
        if !item.tags.isEmpty {
            out.wrapped("Tags: \(item.tags.joined(separator: ", "))", indent: 2, hanging: 4)
        }
        out.wrapped("Quote: \(quoted(item.quote))", indent: 2, hanging: 9)
        out.wrapped(citation(item.quote), indent: 9, hanging: 9)
        if let assessment = item.latestAssessment {
            out.wrapped(
                "Latest assessment \(assessment.ref): \(ReportFormat.label(assessment.status)) from \(assessment.effectiveOn), by \(assessment.assessor).",
                indent: 2, hanging: 4)
            out.wrapped(assessment.rationale, indent: 4, hanging: 4)
            if !assessment.evidence.isEmpty {
                out.line("    Relies on \(assessment.evidence.map(\.description).joined(separator: ", ")).")
            }
        } else {
            out.line("  Not yet rated as of \(asOf).")
        }
        let groups = [("contradicting", item.contradicting), ("supporting", item.supporting), ("context", item.context)]
        let counts = groups.filter { !$0.1.isEmpty }.map { "\($0.1.count) \($0.0)" }
        out.line("  Evidence: " + (counts.isEmpty ? "none." : counts.joined(separator: ", ") + "."))
        for (_, evidence) in groups {
            for piece in evidence {
                let note = piece.note.map { " \($0)" } ?? ""
                out.wrapped(
                    "\(piece.ref) \(piece.stance.rawValue), observed \(piece.observedOn): \(quoted(piece.quote))\(note)",
                    indent: 4, hanging: 6)
                out.wrapped(citation(piece.quote), indent: 6, hanging: 6)
            }
        }
        if !item.history.isEmpty {
            let steps = item.history.map { step in
                "\(step.effectiveOn) \(ReportFormat.label(step.status))\(step.promisor.map { " for \($0)" } ?? "") (\(step.ref))"
            }
            out.wrapped("History: " + steps.joined(separator: " → "), indent: 2, hanging: 4)
        }
        out.blank()
    }

    private func quoted(_ quote: ComplianceReport.CitedQuote) -> String {
        "“…\(quote.prefix)«\(quote.exact)»\(quote.suffix)…”"
    }

    private func citation(_ quote: ComplianceReport.CitedQuote) -> String {
        var parts = ["\(quote.publisher), “\(quote.title)”"]
        if let published = quote.publishedOn { parts.append(published.description) }
        if let url = quote.url { parts.append(url) }
        let hash = String(quote.textSHA256.hex.prefix(16))
        return "— " + parts.joined(separator: ", ") + "; \(quote.source) v\(quote.version), code points \(quote.start)–\(quote.end), text SHA-256 \(hash)…"
    }

    private func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// Text being built line by line, with word wrapping and terminal-safe characters.
private struct TextOutput {
    let width: Int
    var text = ""

    mutating func line(_ line: String) {
        text += Self.safe(line)
        text += "\n"
    }

    mutating func blank() {
        text += "\n"
    }

    mutating func rule() {
        text += String(repeating: "─", count: width) + "\n"
    }

    /// Writes `paragraph` wrapped at the width: the first line indented by `indent`, the rest by `hanging`
    /// (which defaults to `indent`). Widths are counted in Unicode scalars, which is exact for the text
    /// reports hold and cheap enough for a million quotes.
    mutating func wrapped(_ paragraph: String, indent: Int = 0, hanging: Int? = nil) {
        let hanging = hanging ?? indent
        let safe = Self.safe(paragraph)
        let utf8 = safe.utf8
        text += String(repeating: " ", count: indent)
        var column = indent
        var lineHasWord = false
        var index = utf8.startIndex
        while index < utf8.endIndex {
            if utf8[index] == 0x20 {
                index = utf8.index(after: index)
                continue
            }
            var end = index
            var length = 0
            while end < utf8.endIndex, utf8[end] != 0x20 {
                if utf8[end] & 0xC0 != 0x80 { length += 1 }
                end = utf8.index(after: end)
            }
            if lineHasWord, column + 1 + length > width {
                text += "\n"
                text += String(repeating: " ", count: hanging)
                column = hanging
                lineHasWord = false
            }
            if lineHasWord {
                text += " "
                column += 1
            }
            text += safe[index..<end]
            column += length
            lineHasWord = true
            index = end
        }
        text += "\n"
    }

    mutating func table(_ table: TextColumns, indent: Int) {
        let cells = ([table.headers] + table.rows).map { $0.map(Self.safe) }
        var widths = Array(repeating: 0, count: table.headers.count)
        for row in cells {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        let pad = String(repeating: " ", count: indent)
        for row in cells {
            var line = pad
            for (column, cell) in row.enumerated() {
                line += cell
                if column < row.count - 1 {
                    line += String(repeating: " ", count: widths[column] - cell.count + 2)
                }
            }
            text += line + "\n"
        }
    }

    /// `text` on one line, with control characters (escape sequences included) replaced by U+FFFD.
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: result.append(" ")
            case 0..<0x20, 0x7F...0x9F: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// Rows of cells rendered as aligned columns.
private struct TextColumns {
    var headers: [String]
    var rows: [[String]] = []
}
