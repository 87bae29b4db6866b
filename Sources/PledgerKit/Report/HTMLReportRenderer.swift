/// Renders a ``ComplianceReport`` as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts,
/// images or anything else fetched from the network; readable on a phone and printable.
///
/// It shows status badges, a bar of status counts per actor, a timeline per commitment (status changes,
/// evidence dates, the due day), and every quote in its source context with the exact words highlighted.
/// Every piece of text that comes from the ledger — source text, titles, names, summaries, rationales, notes,
/// tags — is HTML-escaped, and only `http:` and `https:` URLs become links.
public struct HTMLReportRenderer: ReportRenderer, ItemCompletedRenderer {
    /// Creates the renderer.
    public init() {}

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
        let finished = report.commitments.renderConcurrently(
            to: &output, completing: complete,
            prologue: { output in
                var out = opening(report)
                out.text.move(to: &output)
            }
        ) { batch, _, buffer in
            var out = HTMLOutput(into: consume buffer)
            var citations = CitationParts<HTMLCitation>()
            for item in batch {
                commitment(item, report: report, into: &out, citations: &citations)
            }
            return out.text
        }
        guard finished else { return }  // A streamed report that failed part way ends where it failed.
        var out = HTMLOutput()
        out.raw("</section>\n")
        footer(report, into: &out)
        out.raw("</main>\n</body>\n</html>\n")
        out.text.move(to: &output)
    }

    /// Everything before the commitments: the page head and style, stamp, scorecard, changes and overdue.
    private func opening(_ report: ComplianceReport) -> HTMLOutput {
        var out = HTMLOutput()
        out.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        out.raw(made: "<meta name=\"generator\" content=\"Pledger\">\n<title>Compliance report as of \(report.asOf)</title>\n")
        out.raw(made: "<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n")
        header(report, into: &out)
        scorecard(report, into: &out)
        if let changes = report.changes {
            self.changes(changes, into: &out)
        }
        overdue(report, into: &out)
        out.raw("<section id=\"commitments\">\n<h2>Commitments</h2>\n")
        if report.commitments.isEmpty {
            out.raw("<p>No commitments in scope.</p>\n")
        }
        return out
    }

    // MARK: Sections

    private func header(_ report: ComplianceReport, into out: inout HTMLOutput) {
        out.raw("<header>\n<p class=\"kicker\">Pledger compliance report</p>\n")
        out.raw(made: "<h1>Status of commitments as of <time>\(report.asOf)</time></h1>\n<p class=\"scope\">Scope: ")
        out.text(ReportFigures.scopeLine(report.scope))
        out.raw(".</p>\n<div class=\"stamp\"><strong>Reproducibility stamp.</strong> Computed from the first ")
        out.raw(made: "\(Wording.count(report.stamp.entryCount, "ledger entry", plural: "ledger entries")), Merkle root <code class=\"hash\">\(report.stamp.rootHash.hex)</code>; ")
        out.raw(made: "as of \(report.stamp.asOf); generated ")
        out.text(report.stamp.generatedAt)
        out.raw(".")
        if let asRecorded = report.stamp.asRecorded {
            out.raw(" ")
            out.text(ReportFigures.asRecordedLine(asRecorded))
        }
        out.raw(" Check it with <code>pledger verify</code>.")
        if let checkpoint = report.stamp.checkpoint {
            out.raw("<p>Latest signed checkpoint (check with <code>pledger verify --checkpoint FILE --key VKEY</code>):</p>\n<pre class=\"hash\">")
            out.text(checkpoint)
            out.raw("</pre>")
        }
        out.raw("</div>\n</header>\n")
    }

    private func scorecard(_ report: ComplianceReport, into out: inout HTMLOutput) {
        out.raw("<section id=\"scorecard\">\n<h2>Scorecard</h2>\n<p class=\"note\">Each promisor of each commitment counts ")
        out.raw("once. Kept +1; partially kept and in progress 0; stalled and broken −1; not yet rated, unverifiable and ")
        out.raw("withdrawn are not scored. Compliance = (mean score + 1) / 2 × 100.</p>\n")
        var rows = report.actors.map { ($0.name, $0.scorecard, false) }
        rows.append(("All promisors", report.overall, true))
        out.raw("<div class=\"bars\">\n")
        for (name, card, isTotal) in rows {
            let total = card.counts.values.reduce(0, +)
            out.raw(made: "<div class=\"bar\(isTotal ? " total" : "")\"><div class=\"bar-label\"><span class=\"bar-name\">")
            out.text(name)
            out.raw(made: "</span> <span class=\"bar-figure\">\(ReportFigures.percent(card.compliancePercent)) compliance")
            out.raw(made: ", mean \(ReportFigures.score(card.meanScore)), \(card.scored) scored</span></div>\n")
            out.raw("<svg class=\"bar-svg\" viewBox=\"0 0 1000 24\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"")
            let parts = Status.allCases.compactMap { status -> String? in
                let count = card.counts[status.rawValue] ?? 0
                return count > 0 ? "\(count) \(ReportFigures.label(status))" : nil
            }
            out.escaped(name + ": " + parts.joined(separator: ", "))
            out.raw("\">")
            var x = 0.0
            for status in Status.allCases {
                let count = card.counts[status.rawValue] ?? 0
                guard count > 0, total > 0 else { continue }
                let width = 1000.0 * Double(count) / Double(total)
                out.raw(made: "<rect x=\"\(ReportFigures.fixed(x, digits: 1))\" y=\"0\" width=\"\(ReportFigures.fixed(width, digits: 1))\" ")
                out.raw(made: "height=\"24\" fill=\"\(Self.color(status))\"><title>\(count) \(ReportFigures.label(status))</title></rect>")
                x += width
            }
            out.raw(made: "</svg>\n<div class=\"bar-counts\">\(parts.isEmpty ? "no commitments" : parts.joined(separator: " · "))</div></div>\n")
        }
        out.raw("</div>\n")
        legend(into: &out)
        out.raw("<div class=\"scroll\"><table class=\"counts\">\n<thead><tr><th>Actor</th>")
        for status in Status.allCases {
            out.raw(made: "<th class=\"num\">\(ReportFigures.label(status))</th>")
        }
        out.raw("<th class=\"num\">Mean score</th><th class=\"num\">Compliance</th></tr></thead>\n<tbody>\n")
        for (name, card, isTotal) in rows {
            out.raw(isTotal ? "<tr class=\"total\"><th>" : "<tr><th>")
            out.text(name)
            out.raw("</th>")
            for status in Status.allCases {
                out.raw(made: "<td class=\"num\">\(card.counts[status.rawValue] ?? 0)</td>")
            }
            out.raw(made: "<td class=\"num\">\(ReportFigures.score(card.meanScore))</td>")
            out.raw(made: "<td class=\"num\">\(ReportFigures.percent(card.compliancePercent))</td></tr>\n")
        }
        out.raw("</tbody>\n</table></div>\n</section>\n")
    }

    private func legend(into out: inout HTMLOutput) {
        out.raw("<p class=\"legend\">")
        for status in Status.allCases {
            out.raw(made: "<span class=\"badge s-\(status.rawValue)\">\(ReportFigures.label(status))</span> ")
        }
        out.raw("</p>\n")
    }

    private func changes(_ changes: ComplianceReport.Changes, into out: inout HTMLOutput) {
        out.raw(made: "<section id=\"changes\">\n<h2>Changes since <time>\(changes.since)</time></h2>\n")
        if changes.isEmpty {
            out.raw(made: "<p>Nothing changed after \(changes.since).</p>\n")
        }
        if !changes.newCommitments.isEmpty {
            out.raw("<h3>New commitments</h3>\n<ul>\n")
            for new in changes.newCommitments {
                out.raw(made: "<li><a href=\"#\(anchor(new.commitment))\">\(new.commitment)</a> ")
                out.text(new.summary)
                out.raw(made: " — made \(new.madeOn), now \(badge(new.status))</li>\n")
            }
            out.raw("</ul>\n")
        }
        if !changes.statusMoves.isEmpty {
            out.raw("<h3>Status moves</h3>\n<ul class=\"moves\">\n")
            for move in changes.statusMoves {
                out.raw(made: "<li><a href=\"#\(anchor(move.commitment))\">\(move.commitment)</a> ")
                out.text(move.summary)
                out.raw(" — ")
                if let party = move.party {
                    out.text(party.name)
                    out.raw(": ")
                }
                out.raw(made: "\(badge(move.before)) → \(badge(move.after))")
                if !move.assessments.isEmpty {
                    out.raw(made: " <span class=\"muted\">(\(move.assessments.map(\.description).joined(separator: ", ")))</span>")
                }
                out.raw("</li>\n")
            }
            out.raw("</ul>\n")
        }
        if !changes.newEvidence.isEmpty {
            out.raw("<h3>New evidence</h3>\n<ul>\n")
            for piece in changes.newEvidence {
                out.raw(made: "<li><a href=\"#\(anchor(piece.evidence))\">\(piece.evidence)</a> on ")
                out.raw(made: "<a href=\"#\(anchor(piece.commitment))\">\(piece.commitment)</a>, ")
                out.raw(made: "<span class=\"stance st-\(piece.stance.rawValue)\">\(piece.stance.rawValue)</span>, observed \(piece.observedOn): “")
                out.text(piece.exact)
                out.raw("”</li>\n")
            }
            out.raw("</ul>\n")
        }
        out.raw("</section>\n")
    }

    private func overdue(_ report: ComplianceReport, into out: inout HTMLOutput) {
        out.raw("<section id=\"overdue\">\n<h2>Overdue</h2>\n")
        if !report.hasOverdue {
            out.raw(made: "<p>Nothing is overdue as of \(report.asOf).</p>\n")
        } else {
            out.raw("<ul class=\"overdue\">\n")
            report.forEachOverdue { item in
                out.raw(made: "<li><a href=\"#\(anchor(item.ref))\">\(item.ref)</a> ")
                out.text(item.summary)
                out.raw(made: " — due \(item.dueOn.map(\.description) ?? "?"), <strong>\(Wording.count(item.daysOverdue ?? 0, "day")) overdue</strong>, ")
                out.raw(made: "\(badge(item.status))</li>\n")
            }
            out.raw("</ul>\n")
        }
        out.raw("</section>\n")
    }

    private func commitment(
        _ item: ComplianceReport.Item, report: ComplianceReport, into out: inout HTMLOutput,
        citations: inout CitationParts<HTMLCitation>
    ) {
        // Appended piece by piece rather than interpolated, as the timeline is: a report has 100k commitments.
        out.raw("<article id=\"")
        anchor(item.ref, into: &out)
        out.raw("\">\n<header class=\"item-head\"><h3><span class=\"ref\">")
        out.raw(item.ref)
        out.raw("</span> ")
        out.text(item.summary)
        out.raw("</h3>\n<p class=\"badges\">")
        out.raw(made: badge(item.status))
        if let days = item.daysOverdue {
            overdueBadge(days, into: &out)
        }
        out.raw("</p></header>\n<dl class=\"meta\">\n<dt>Promised by</dt><dd>")
        for (index, party) in item.promisors.enumerated() {
            if index > 0 { out.raw("<br>") }
            out.text(party.name)
            out.raw(" <code>")
            out.text(party.slug.rawValue)
            out.raw("</code>")
            if item.promisors.count > 1 {
                out.raw(" ")
                out.raw(made: badge(party.status))
                if let days = party.daysOverdue {
                    overdueBadge(days, into: &out)
                }
            }
        }
        out.raw("</dd>\n")
        if let promisee = item.promisee {
            out.raw("<dt>Promised to</dt><dd>")
            out.text(promisee.name)
            out.raw(" <code>")
            out.text(promisee.slug.rawValue)
            out.raw("</code></dd>\n")
        }
        out.raw("<dt>Made</dt><dd><time>")
        out.raw(item.madeOn)
        out.raw("</time></dd>\n<dt>Due</dt><dd>")
        if let due = item.dueOn {
            out.raw("<time>")
            out.raw(due)
            out.raw("</time>")
        } else {
            out.raw("no due date")
        }
        out.raw("</dd>\n")
        if let criteria = item.criteria {
            out.raw("<dt>Kept when</dt><dd>")
            out.text(criteria)
            out.raw("</dd>\n")
        }
        if !item.tags.isEmpty {
            out.raw("<dt>Tags</dt><dd>")
            // Each on its own: isolated together, right-to-left tags would read in reverse.
            out.text.appendJoined(item.tags, separator: ", ") { tag, text in text.appendHTMLText(tag) }
            out.raw("</dd>\n")
        }
        out.raw("<dt>Entry</dt><dd><code class=\"hash\">")
        out.text.appendHex(item.entryHash)
        out.raw("</code></dd>\n</dl>\n")
        timeline(item, asOf: report.asOf, into: &out)
        out.raw("<h4>The promise</h4>\n")
        quote(item.quote, stance: nil, into: &out, citations: &citations)
        out.raw("<h4>Latest assessment</h4>\n")
        if let assessment = item.latestAssessment {
            out.raw("<p class=\"assessment\">")
            out.raw(made: badge(assessment.status))
            out.raw(" ")
            out.raw(assessment.ref)
            if let party = item.party(judgedBy: assessment) {
                out.raw(" for ")
                out.text(party.name)
            }
            out.raw(", effective <time>")
            out.raw(assessment.effectiveOn)
            out.raw("</time>, by ")
            out.text(assessment.assessor)
            out.raw("</p>\n<p class=\"rationale\">")
            out.text(assessment.rationale)
            out.raw("</p>\n")
            if !assessment.evidence.isEmpty {
                out.raw("<p class=\"relies\">Relies on ")
                out.text.appendJoined(assessment.evidence, separator: ", ") { ref, text in
                    text.append("<a href=\"#")
                    text.appendAnchor(ref)
                    text.append("\">")
                    text.append(ref)
                    text.append("</a>")
                }
                out.raw(".</p>\n")
            }
        } else {
            let unrated = ReportFigures.withoutOverallStatus(item, asOf: report.asOf)
            out.raw("<p>")
            out.raw(made: unrated.lead)
            out.raw(made: unrated.rest)
            out.raw("</p>\n")
        }
        let groups: [(String, Stance, [ComplianceReport.CitedEvidence])] = [
            ("Contradicting", .contradicts, item.contradicting), ("Supporting", .supports, item.supporting),
            ("Context", .context, item.context),
        ]
        let evidenceCount = groups.reduce(0) { $0 + $1.2.count }
        out.raw("<h4>Evidence (")
        out.raw(evidenceCount)
        out.raw(")</h4>\n")
        if evidenceCount == 0 {
            out.raw("<p>No evidence observed by ")
            out.raw(report.asOf)
            out.raw(".</p>\n")
        }
        for (title, stance, evidence) in groups where !evidence.isEmpty {
            out.raw("<h5 class=\"st-")
            out.raw(made: stance.rawValue)
            out.raw("\">")
            out.raw(made: title)
            out.raw(" (")
            out.raw(evidence.count)
            out.raw(")</h5>\n")
            for piece in evidence {
                out.raw("<div class=\"evidence\" id=\"")
                anchor(piece.ref, into: &out)
                out.raw("\"><p class=\"ev-head\"><strong>")
                out.raw(piece.ref)
                out.raw("</strong> observed <time>")
                out.raw(piece.observedOn)
                out.raw("</time>")
                if let note = piece.note {
                    out.raw(" — ")
                    out.text(note)
                }
                out.raw("</p>\n")
                quote(piece.quote, stance: stance, into: &out, citations: &citations)
                out.raw("</div>\n")
            }
        }
        if !item.history.isEmpty {
            out.raw("<h4>Status history</h4>\n<ol class=\"history\">\n")
            for step in item.history {
                out.raw("<li><time>")
                out.raw(step.effectiveOn)
                out.raw("</time> ")
                out.raw(made: badge(step.status))
                if let promisor = step.promisor {
                    out.raw(" for <code>")
                    out.text(promisor.rawValue)
                    out.raw("</code>")
                }
                out.raw(" <span class=\"muted\">")
                out.raw(step.ref)
                out.raw(", by ")
                out.text(step.assessor)
                out.raw("</span> — ")
                out.text(step.rationale)
                out.raw("</li>\n")
            }
            out.raw("</ol>\n")
        }
        out.raw("</article>\n")
    }

    /// ` <span class="badge overdue">3 days overdue</span>`.
    private func overdueBadge(_ days: Int, into out: inout HTMLOutput) {
        out.raw(" <span class=\"badge overdue\">")
        out.raw(made: Wording.count(days, "day"))
        out.raw(" overdue</span>")
    }

    /// The length in UTF-8 bytes from which a quote is long: about a third of a printed page.
    static let longQuoteBytes = 1200

    private func quote(
        _ quote: ComplianceReport.CitedQuote, stance: Stance?, into out: inout HTMLOutput,
        citations: inout CitationParts<HTMLCitation>
    ) {
        out.raw("<figure class=\"quote")
        if let stance {
            out.raw(" st-")
            out.raw(made: stance.rawValue)
        }
        if quote.prefix.utf8.count + quote.exact.utf8.count + quote.suffix.utf8.count > Self.longQuoteBytes {
            out.raw(" long")  // Printed, a long quote may run over a page break rather than leave a page blank.
        }
        // The quote is a block of its own, so nothing in it can reorder the citation below; its parts are only
        // escaped, and the block takes the direction of the quoted words.
        out.raw("\"><blockquote")
        if Bidi.needsIsolation(quote) {
            out.raw(" dir=\"")
            out.raw(made: Bidi.direction(of: quote)?.htmlValue ?? "auto")
            out.raw("\"")
        }
        out.raw("><span class=\"ctx\">…")
        out.escaped(quote.prefix)
        out.raw("</span><mark>")
        out.escaped(quote.exact)
        out.raw("</mark><span class=\"ctx\">")
        out.escaped(quote.suffix)
        out.raw("…</span></blockquote>\n")
        citations.append(quote, into: &out.text)
        out.raw("</figure>\n")
    }

    /// An SVG timeline from the earliest date that matters to the as-of day: the overall status as coloured
    /// bands, evidence as dots coloured by stance, and the due day as a dashed line.
    private func timeline(_ item: ComplianceReport.Item, asOf: CalendarDate, into out: inout HTMLOutput) {
        let dots = TimelineDots(item, stanceOrder: Self.stanceOrder)
        var start = item.madeOn
        if let first = dots.firstDay, first < start { start = first }
        var end = asOf
        if let due = item.dueOn, due > end { end = due }
        if let last = dots.lastDay, last > end { end = last }  // Relied on in hindsight.
        if end <= start { end = start.adding(days: 1) }
        let span = Double(start.days(until: end))
        let left = 8.0
        let right = 632.0
        func x(_ day: CalendarDate) -> Double {
            left + (right - left) * Double(start.days(until: day)) / span
        }
        // Every element is appended piece by piece rather than interpolated: a report draws 100k timelines.
        func number(_ value: Double) { out.text.append(value, decimals: 1) }
        // Dots closer than their width (and a margin) are drawn on other rows: evidence every month over a
        // few years would otherwise be a smudge.
        func days(_ units: Double) -> Int { Int((units * span / (right - left)).rounded(.up)) }
        let rows = dots.rows(
            daysApart: days(Self.dotSpacing), numberedDaysApart: days(Self.numberedDotSpacing),
            limit: Self.dotRows.count)

        // Overall status bands: from the day made, each change of the overall status.
        let bands = item.statusChanges
        out.raw("<figure class=\"timeline\"><svg viewBox=\"0 0 640 72\" role=\"img\" aria-label=\"Timeline of ")
        out.raw(item.ref)
        out.raw(" from ")
        out.raw(start)
        out.raw(" to ")
        out.raw(end)
        out.raw("\"><line x1=\"")
        number(left)
        out.raw("\" y1=\"")
        out.raw(Self.dotRows[0])
        out.raw("\" x2=\"")
        number(right)
        out.raw("\" y2=\"")
        out.raw(Self.dotRows[0])
        out.raw("\" stroke=\"#9aa3b2\" stroke-width=\"1\"/>")
        for (index, band) in bands.enumerated() {
            let until = index + 1 < bands.count ? bands[index + 1].from : asOf
            let x0 = x(band.from)
            let width = max(2, x(until) - x0)
            out.raw("<rect x=\"")
            number(x0)
            out.raw("\" y=\"10\" width=\"")
            number(width)
            out.raw("\" height=\"20\" rx=\"3\" fill=\"")
            out.raw(Self.color(band.status))
            out.raw("\"><title>")
            out.raw(made: ReportFigures.label(band.status))
            out.raw(" from ")
            out.raw(band.from)
            out.raw("</title></rect>")
            bandLabel(band.status, from: band.from, x: x0, width: width, clearOf: item.dueOn.map(x), into: &out)
        }
        // A line across the axis at a day, titled `made 2023-11-15` or `due 2024-03-31`.
        func dayLine(_ what: StaticString, _ day: CalendarDate, top: Int, bottom: Int, style: StaticString) {
            let dayX = x(day)
            out.raw("<line x1=\"")
            number(dayX)
            out.raw("\" y1=\"")
            out.raw(top)
            out.raw("\" x2=\"")
            number(dayX)
            out.raw("\" y2=\"")
            out.raw(bottom)
            out.raw("\" ")
            out.raw(style)
            out.raw("><title>")
            out.raw(what)
            out.raw(" ")
            out.raw(day)
            out.raw("</title></line>")
        }
        dayLine("made", item.madeOn, top: 6, bottom: 68, style: "stroke=\"#1d2330\" stroke-width=\"1.5\"")
        if let due = item.dueOn {
            dayLine("due", due, top: 4, bottom: 70, style: "stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"4 3\"")
        }
        // A dot per day and stance, at its day: same-day evidence of other stances, and evidence of nearby
        // days, is stacked below it, and a dot standing for several pieces is numbered, so that no dot is
        // moved along the time axis.
        for (dot, row) in zip(dots.dots, rows) {
            let cx = x(dot.day)
            let cy = Self.dotRows[row]
            out.raw("<circle cx=\"")
            out.text.append(cx, decimals: 1)
            out.raw("\" cy=\"")
            out.text.append(cy)
            out.raw("\" r=\"5\" fill=\"")
            out.raw(Self.stanceColor(dot.stance))
            out.raw("\" stroke=\"#fff\" stroke-width=\"1.5\"><title>")
            out.text.appendJoined(dot.refs, separator: ", ") { ref, text in text.append(ref) }
            out.raw(" ")
            out.raw(made: dot.stance.rawValue)
            out.raw(", observed ")
            out.raw(dot.day)
            out.raw("</title></circle>")
            if dot.refs.count > 1 {
                out.raw("<text x=\"")
                out.text.append(min(cx + 7, 628), decimals: 1)  // Inside the 640-unit view box.
                out.raw("\" y=\"")
                out.text.append(cy + 4)
                out.raw("\" font-size=\"10\" fill=\"#1d2330\">")
                out.text.append(dot.refs.count)
                out.raw("</text>")
            }
        }
        out.raw("</svg><figcaption class=\"axis\"><span>")
        out.raw(start)
        out.raw("</span><span>made ")
        out.raw(item.madeOn)
        if let due = item.dueOn {
            out.raw(" · due ")
            out.raw(due)
        }
        out.raw(" · ")
        out.raw(dots.count)
        out.raw(" evidence</span><span>")
        out.raw(end)
        out.raw("</span></figcaption></figure>\n")
    }

    /// Writes "stalled from 2024-04-16" inside a timeline band when it fits, so that a printed or phone-sized
    /// report, where nothing shows a band's title, still says when each status began.
    /// The label starts after the due line `dueX` when it would cross it.
    private func bandLabel(
        _ status: Status, from day: CalendarDate, x: Double, width: Double, clearOf dueX: Double?,
        into out: inout HTMLOutput
    ) {
        let name = ReportFigures.label(status)
        // 11-unit type averages about 6.2 units a character; the label keeps 4 units clear on each side. Its
        // characters counted, not made into a string: a report draws a band for every status of 100k commitments.
        let labelWidth = Double(name.count + " from ".utf8.count + day.withText(\.count)) * 6.2
        var start = x + 4
        if let dueX, dueX > start - 3, dueX < start + labelWidth + 3 {
            start = dueX + 5
        }
        guard start + labelWidth + 4 <= x + width else { return }
        // White where it stands out at least 4.5:1 (WCAG AA); dark ink on the lighter bands.
        let ink: StaticString = [.notYetRated, .stalled, .partiallyKept].contains(status) ? "#1d2330" : "#fff"
        out.raw("<text x=\"")
        out.text.append(start, decimals: 1)
        out.raw("\" y=\"24\" font-size=\"11\" fill=\"")
        out.raw(ink)
        out.raw("\">")
        out.raw(made: name)
        out.raw(" from ")
        out.raw(day)
        out.raw("</text>")
    }

    private func footer(_ report: ComplianceReport, into out: inout HTMLOutput) {
        out.raw("<footer>\n<p>Every quote above is anchored by code-point offsets into an archived source text whose ")
        out.raw("SHA-256 is shown; every commitment, piece of evidence and assessment is an entry of an append-only ")
        let count = report.stamp.entryCount
        out.raw("log. To check this report, obtain the ledger, confirm that ")
        out.raw(made: count == 1 ? "its first entry has" : "its first \(count) entries have")
        out.raw(made: " the Merkle root <code class=\"hash\">\(report.stamp.rootHash.hex)</code>, run ")
        out.raw("<code>pledger verify</code>, and regenerate the report with <code>")
        out.escaped(ReportFigures.regenerationCommand(report))
        out.raw("</code>.</p>\n</footer>\n")
    }

    // MARK: Helpers

    private func badge(_ status: Status) -> String {
        Self.badges[status] ?? ""
    }

    /// Every status's badge, made once.
    private static let badges = Dictionary(uniqueKeysWithValues: Status.allCases.map { status in
        (status, "<span class=\"badge s-\(status.rawValue)\">\(ReportFigures.label(status))</span>")
    })

    private func anchor<Kind: RefKind>(_ ref: Ref<Kind>) -> String {
        var id = ReportBuffer()
        id.appendAnchor(ref)
        return id.string
    }

    private func anchor<Kind: RefKind>(_ ref: Ref<Kind>, into out: inout HTMLOutput) {
        out.text.appendAnchor(ref)
    }
}
