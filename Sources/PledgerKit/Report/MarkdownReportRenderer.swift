/// Renders a ``ComplianceReport`` as CommonMark: a scorecard table, the overdue list, then each commitment
/// with its quote, citation, latest assessment, evidence by stance and status history.
///
/// All source and user text is escaped, so that markup in a quote or a title shows as written.
public struct MarkdownReportRenderer: ReportRenderer, ItemCompletedRenderer {
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
        report.commitments.renderConcurrently(
            to: &output, completing: complete,
            prologue: { output in
                var lines = opening(report)
                lines.move(to: &output)
            }
        ) { batch, _, buffer in
            var lines = MarkdownLines(continuing: true, into: consume buffer)
            var citations = CitationParts<MarkdownCitation>()
            for item in batch {
                commitmentSection(item, asOf: report.asOf, into: &lines, citations: &citations)
            }
            return lines.text
        }
    }

    /// Everything before the commitments: the stamp, scorecard, changes and overdue commitments.
    private func opening(_ report: ComplianceReport) -> MarkdownLines {
        var lines = MarkdownLines()
        lines.append("# Compliance report as of \(report.asOf)")
        lines.append("")
        lines.append(scopeLine(report.scope))
        lines.append("")
        lines.append(
            "Ledger: \(Wording.entries(report.stamp.entryCount)), root `\(report.stamp.rootHash.hex)`, generated \(report.stamp.generatedAt). Check it with `pledger verify`.")
        lines.append("")
        if let checkpoint = report.stamp.checkpoint {
            lines.append("")
            lines.append("Latest signed checkpoint in this ledger (check with `pledger verify --checkpoint FILE --key VKEY`):")
            lines.append("")
            lines.append("```")
            lines += checkpoint.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("```")
        }
        if let asRecorded = report.stamp.asRecorded {
            lines.append(markdownEscaped(ReportFigures.asRecordedLine(asRecorded)))
            lines.append("")
        }
        lines += scorecardSection(report)
        if let changes = report.changes {
            lines += changesSection(changes)
        }
        lines += overdueSection(report)
        lines.append("## Commitments")
        lines.append("")
        if report.commitments.isEmpty {
            lines.append("No commitments in scope.")
            lines.append("")
        }
        return lines
    }

    private func scopeLine(_ scope: ComplianceReport.Scope) -> String {
        var parts: [String] = []
        if let actor = scope.actor { parts.append("actor `\(actor)`") }
        if let tag = scope.tag { parts.append("tag “\(markdownEscaped(tag))”") }
        if let status = scope.status { parts.append("status \(status.rawValue)") }
        return parts.isEmpty ? "Scope: every commitment." : "Scope: commitments with \(parts.joined(separator: " and "))."
    }

    private func scorecardSection(_ report: ComplianceReport) -> [String] {
        let statuses = Status.allCases
        var lines = ["## Scorecard", ""]
        lines.append("Each promisor of each commitment counts once. Score: kept +1; partially kept and in progress 0; "
            + "stalled and broken −1; not yet rated, unverifiable and withdrawn are not scored. "
            + "Compliance = (mean score + 1) / 2 × 100.")
        lines.append("")
        lines.append("| Actor | " + statuses.map(\.rawValue).joined(separator: " | ") + " | Mean score | Compliance |")
        lines.append("|---|" + String(repeating: "---:|", count: statuses.count + 2))
        var rows = report.actors.map { (markdownEscaped($0.name), $0.scorecard) }
        rows.append(("**All**", report.overall))
        for (label, card) in rows {
            let counts = statuses.map { String(card.counts[$0.rawValue] ?? 0) }
            lines.append("| \(label) | " + counts.joined(separator: " | ") + " | \(ReportFigures.score(card.meanScore)) | \(ReportFigures.percent(card.compliancePercent)) |")
        }
        lines.append("")
        return lines
    }

    private func changesSection(_ changes: ComplianceReport.Changes) -> [String] {
        var lines = ["## Changes since \(changes.since)", ""]
        if changes.isEmpty {
            lines += ["Nothing changed after \(changes.since).", ""]
        }
        if !changes.newCommitments.isEmpty {
            lines += ["### New commitments", ""]
            for new in changes.newCommitments {
                lines.append("- **\(new.commitment)** \(markdownEscaped(new.summary)): made \(new.madeOn), now \(new.status.rawValue).")
            }
            lines.append("")
        }
        if !changes.statusMoves.isEmpty {
            lines += ["### Status moves", "", "| Commitment | Party | Before | After | Assessments |", "|---|---|---|---|---|"]
            for move in changes.statusMoves {
                let party = move.party.map { markdownEscaped($0.name) } ?? "overall"
                let refs = move.assessments.map(\.description).joined(separator: ", ")
                lines.append("| \(move.commitment) \(markdownEscaped(move.summary)) | \(party) | \(move.before.rawValue) | \(move.after.rawValue) | \(refs) |")
            }
            lines.append("")
        }
        if !changes.newEvidence.isEmpty {
            lines += ["### New evidence", ""]
            for piece in changes.newEvidence {
                lines.append("- **\(piece.evidence)** on \(piece.commitment), \(piece.stance.rawValue), observed \(piece.observedOn): “\(markdownEscaped(piece.exact))”")
            }
            lines.append("")
        }
        return lines
    }

    private func overdueSection(_ report: ComplianceReport) -> [String] {
        var lines = ["## Overdue", ""]
        if !report.hasOverdue {
            lines.append("Nothing is overdue as of \(report.asOf).")
        }
        report.forEachOverdue { item in
            let due = item.dueOn.map(\.description) ?? "?"
            lines.append("- **\(item.ref)** \(markdownEscaped(item.summary)): due \(due), \(Wording.count(item.daysOverdue ?? 0, "day")) overdue, \(item.status.rawValue).")
        }
        lines.append("")
        return lines
    }

    private func commitmentSection(
        _ item: ComplianceReport.Item, asOf: CalendarDate, into lines: inout MarkdownLines,
        citations: inout CitationParts<MarkdownCitation>
    ) {
        // The lines every commitment has are appended piece by piece rather than interpolated, as the
        // evidence's are: a report has 100k commitments.
        lines.append { text in
            text.append("### ")
            text.append(item.ref)
            text.append(": ")
            text.appendMarkdown(item.summary)
        }
        lines.append("")
        lines.append { text in
            text.append("- **Status:** ")
            text.append(contentsOf: item.status.rawValue)
            if item.overdue {
                text.append(" — overdue by ")
                text.append(contentsOf: Wording.count(item.daysOverdue ?? 0, "day"))
            }
        }
        if item.promisors.count > 1 {
            lines.append { text in
                text.append("- **Per party:** ")
                text.appendJoined(item.promisors, separator: "; ") { party, text in
                    text.appendMarkdown(party.name)
                    text.append(": ")
                    text.append(contentsOf: party.status.rawValue)
                    if let days = party.daysOverdue {
                        text.append(", ")
                        text.append(contentsOf: Wording.count(days, "day"))
                        text.append(" overdue")
                    }
                }
            }
        }
        lines.append { text in
            text.append("- **Promised by** ")
            text.appendParties(of: item, named: Self.appendNamed)
            text.append(", made ")
            text.append(item.madeOn)
            if let dueOn = item.dueOn {
                text.append(", due ")
                text.append(dueOn)
            }
        }
        if let criteria = item.criteria {
            lines.append { text in
                text.append("- **Kept when:** ")
                text.appendMarkdown(criteria)
            }
        }
        if !item.tags.isEmpty {
            lines.append { text in
                text.append("- **Tags:** ")
                text.appendJoined(item.tags, separator: ", ") { tag, text in text.appendMarkdown(tag) }
            }
        }
        lines.append { text in
            text.append("- **Entry:** `")
            text.appendHex(item.entryHash)
            text.append("`")
        }
        lines.append("")
        quoteBlock(item.quote, indent: "", into: &lines, citations: &citations)
        if let assessment = item.latestAssessment {
            // The evidence goes on a line of its own (a hard line break, `\` at the end of the line), so that a
            // rationale without a final full stop does not run into it.
            lines.append { text in
                text.append("**Latest assessment** ")
                text.append(assessment.ref)
                text.append(" (")
                if let party = item.party(judgedBy: assessment) {
                    text.append("for ")
                    text.appendMarkdown(party.name)
                    text.append(", ")
                }
                text.append(contentsOf: assessment.status.rawValue)
                text.append(", effective ")
                text.append(assessment.effectiveOn)
                text.append(", by ")
                text.appendMarkdown(assessment.assessor)
                text.append("): ")
                text.appendMarkdown(assessment.rationale)
                if !assessment.evidence.isEmpty {
                    text.append("\\\nRelies on ")
                    text.appendJoined(assessment.evidence, separator: ", ") { ref, text in text.append(ref) }
                    text.append(".")
                }
            }
        } else {
            let unrated = ReportFigures.withoutOverallStatus(item, asOf: asOf)
            lines.append { text in
                text.append("**")
                text.append(contentsOf: unrated.lead)
                text.append("**")
                text.append(contentsOf: unrated.rest)
            }
        }
        lines.append("")
        for (title, evidence) in [("Contradicting", item.contradicting), ("Supporting", item.supporting), ("Context", item.context)]
        where !evidence.isEmpty {
            lines.append { text in
                text.append("#### ")
                text.append(contentsOf: title)
                text.append(" evidence")
            }
            lines.append("")
            for piece in evidence {
                lines.append { text in
                    text.append("- **")
                    text.append(piece.ref)
                    text.append("** observed ")
                    text.append(piece.observedOn)
                    text.append(".")
                    if let note = piece.note {
                        text.append(" ")
                        text.appendMarkdown(note)
                    }
                }
                lines.append("")
                quoteBlock(piece.quote, indent: "  ", into: &lines, citations: &citations)
            }
        }
        if !item.history.isEmpty {
            lines.append("#### Status history")
            lines.append("")
            for step in item.history {
                lines.append { text in
                    text.append("- ")
                    text.append(step.effectiveOn)
                    text.append(": ")
                    text.append(contentsOf: step.status.rawValue)
                    if let promisor = step.promisor {
                        text.append(" for `")
                        text.append(contentsOf: promisor.rawValue)
                        text.append("`")
                    }
                    text.append(" (")
                    text.append(step.ref)
                    text.append(", by ")
                    text.appendMarkdown(step.assessor)
                    text.append(")")
                }
            }
            lines.append("")
        }
    }

    /// `Name (`slug`)`, the name escaped.
    private static func appendNamed(_ name: String, _ slug: ActorSlug, into text: inout ReportBuffer) {
        text.appendMarkdown(name)
        text.append(" (`")
        text.append(contentsOf: slug.rawValue)
        text.append("`)")
    }

    /// The quote in its context, then its citation, as a block quote whose lines start with `indent`.
    private func quoteBlock(
        _ quote: ComplianceReport.CitedQuote, indent: String, into lines: inout MarkdownLines,
        citations: inout CitationParts<MarkdownCitation>
    ) {
        lines.append { text in
            text.append(contentsOf: indent)
            text.append("> ")
            // One isolate around the whole passage, in the direction of the quoted words.
            let isolated = Bidi.needsIsolation(quote)
            if isolated {
                switch Bidi.direction(of: quote) {
                case .leftToRight: text.append(contentsOf: Bidi.leftToRightIsolate)
                case .rightToLeft: text.append(contentsOf: Bidi.rightToLeftIsolate)
                case nil: text.append(contentsOf: Bidi.firstStrongIsolate)
                }
            }
            text.append("…")
            text.appendMarkdownEscaped(quote.prefix)
            // `**` where CommonMark reads it as emphasis; HTML where it would not — a quote that starts or
            // ends with a quote mark between CJK letters, say — though a renderer may leave HTML out.
            let asterisks = StrongEmphasis.canDelimit(prefix: quote.prefix, exact: quote.exact, suffix: quote.suffix)
            text.append(asterisks ? "**" : "<strong>")
            text.appendMarkdownEscaped(quote.exact)
            text.append(asterisks ? "**" : "</strong>")
            text.appendMarkdownEscaped(quote.suffix)
            text.append("…")
            text.append(contentsOf: isolated ? Bidi.popDirectionalIsolate : "")
        }
        lines.append { text in
            text.append(contentsOf: indent)
            text.append(">")
        }
        lines.append { text in
            text.append(contentsOf: indent)
            citations.append(quote, into: &text)
        }
        lines.append("")
    }
}

/// Backslash-escapes the characters that CommonMark would read as markup, and turns line breaks into spaces:
/// every piece of ledger text sits inside a heading, a list item, a table cell or a block quote, where a line
/// break could start a list item, a rule or a new paragraph and cut the rest of the item loose.
func markdownEscaped(_ text: String) -> String {
    // Fast path: most ledger text holds none of the markup characters.
    let clean = text.withUTF8Bytes { utf8 in
        ByteWords.firstIndex(in: utf8, from: 0, marks: markupBytes, isMarked: isMarkupByte) == utf8.count
    }
    guard !clean || Bidi.needsIsolation(text) else { return text }
    var escaped = ReportBuffer()
    escaped.appendMarkdown(text)
    return escaped.string
}

extension ReportBuffer {
    /// Appends `text` with the characters CommonMark would read as markup backslash-escaped, and its line
    /// breaks (LF and CR) turned into spaces; between U+2068 and U+2069 when ``Bidi/needsIsolation(_:)``, so
    /// that it cannot reorder the report's words after it.
    mutating func appendMarkdown(_ text: String) {
        let isolated = Bidi.needsIsolation(text)
        if isolated { append(contentsOf: Bidi.firstStrongIsolate) }
        appendMarkdownEscaped(text)
        if isolated { append(contentsOf: Bidi.popDirectionalIsolate) }
    }

    /// Appends `text` escaped as ``appendMarkdown(_:)`` does, but not isolated: for the parts of a passage
    /// isolated as a whole.
    mutating func appendMarkdownEscaped(_ text: String) {
        append(text, escaping: isMarkupByte, marks: markupBytes) { byte, out in
            if byte == 0x0A || byte == 0x0D {
                out.append(byte: UInt8(ascii: " "))
            } else {
                out.append(byte: UInt8(ascii: "\\"))
                out.append(byte: byte)
            }
        }
    }
}

/// Whether `byte` is one CommonMark could read as markup — `&` included, which starts an entity such as
/// `&amp;` — or a line break (LF, CR).
private func isMarkupByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
        UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "#"), UInt8(ascii: "&"),
        0x0A, 0x0D:
        true
    default:
        false
    }
}

/// ``isMarkupByte(_:)`` eight bytes at a time.
private func markupBytes(in word: UInt64) -> UInt64 {
    func marks(_ byte: Unicode.Scalar) -> UInt64 { ByteWords.equal(word, UInt8(ascii: byte)) }
    return marks("\\") | marks("`") | marks("*") | marks("_") | marks("[") | marks("]") | marks("<")
        | marks(">") | marks("|") | marks("~") | marks("#") | marks("&") | marks("\n") | marks("\r")
}

/// Whether `byte` cannot stand in a CommonMark autolink `<…>`: `<`, `>`, a space or a control character.
func isNotAutolinkByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte <= 0x20 || byte == 0x7F
}

/// ``isNotAutolinkByte(_:)`` eight bytes at a time.
func notAutolinkBytes(in word: UInt64) -> UInt64 {
    ByteWords.equal(word, UInt8(ascii: "<")) | ByteWords.equal(word, UInt8(ascii: ">")) | ByteWords.below0x20(word)
        | ByteWords.equal(word, 0x20) | ByteWords.equal(word, 0x7F)
}

extension ReportBuffer {
    /// Appends `byte` as a URL's percent-encoding, `%3C` for `<`.
    mutating func appendPercentEncoded(_ byte: UInt8) {
        append(byte: UInt8(ascii: "%"))
        append(byte: Self.upperHexDigits[Int(byte >> 4)])
        append(byte: Self.upperHexDigits[Int(byte & 0x0F)])
    }

    /// Upper-case hex digits, as RFC 3986 recommends for percent-encoding.
    private static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}

/// Markdown lines, joined by newlines (with none after the last) as they are written.
private struct MarkdownLines {
    private(set) var text: ReportBuffer
    private var isFirstLine: Bool

    /// Creates the lines of a document, or with `continuing`, lines that follow earlier ones, appended to
    /// `buffer`.
    init(continuing: Bool = false, into buffer: consuming ReportBuffer = ReportBuffer(reservingChunk: true)) {
        isFirstLine = !continuing
        text = buffer
    }

    mutating func append(_ line: String) {
        startLine()
        text.append(contentsOf: line)
    }

    /// Appends the line that `build` writes.
    mutating func append(_ build: (inout ReportBuffer) -> Void) {
        startLine()
        build(&text)
    }

    static func += (lines: inout MarkdownLines, more: [String]) {
        for line in more {
            lines.append(line)
        }
    }

    /// Hands the text to `output` once it holds at least `threshold` bytes.
    mutating func move(to output: inout some TextOutputStream) {
        text.move(to: &output)
    }

    private mutating func startLine() {
        if !isFirstLine {
            text.append(byte: 0x0A)
        }
        isFirstLine = false
    }
}

/// Whether `**` around a quote's exact words, between its context as the Markdown report writes it (escaped,
/// with `…` where a context is empty), opens and closes strong emphasis under CommonMark's flanking rules:
/// the opening run must be left-flanking and the closing run right-flanking.
enum StrongEmphasis {
    static func canDelimit(prefix: String, exact: String, suffix: String) -> Bool {
        guard let first = exact.unicodeScalars.first, let last = exact.unicodeScalars.last else { return false }
        // As written: a markup character is preceded by a backslash, a line break becomes a space.
        let before = shown(prefix.unicodeScalars.last) ?? "…"
        let after = escaped(suffix.unicodeScalars.first) ?? "…"
        let opening = escaped(first) ?? first
        let closing = shown(last) ?? last
        let leftFlanking =
            !isWhitespace(opening) && (!isPunctuation(opening) || isWhitespace(before) || isPunctuation(before))
        let rightFlanking =
            !isWhitespace(closing) && (!isPunctuation(closing) || isWhitespace(after) || isPunctuation(after))
        return leftFlanking && rightFlanking
    }

    /// The first scalar written for `scalar`: a backslash before a markup character, a space for a line break.
    private static func escaped(_ scalar: Unicode.Scalar?) -> Unicode.Scalar? {
        guard let scalar = shown(scalar) else { return nil }
        return scalar.isASCII && isMarkupByte(UInt8(scalar.value)) ? "\\" : scalar
    }

    /// The last scalar written for `scalar`: itself, or a space for a line break.
    private static func shown(_ scalar: Unicode.Scalar?) -> Unicode.Scalar? {
        guard let scalar else { return nil }
        return scalar == "\n" || scalar == "\r" ? " " : scalar
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\u{0C}" || scalar == "\r" || scalar.properties.generalCategory == .spaceSeparator
    }

    /// CommonMark's Unicode punctuation: ASCII punctuation, and the P and S general categories.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation, .initialPunctuation,
            .otherPunctuation, .openPunctuation, .currencySymbol, .modifierSymbol, .mathSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
