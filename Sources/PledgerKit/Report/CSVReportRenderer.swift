/// Renders a ``ComplianceReport`` as RFC 4180 CSV: a header row, then one row per commitment per promisor
/// (a single-party commitment has one row), with CRLF line breaks.
///
/// Fields holding a comma, a double quote, CR or LF are quoted, with inner quotes doubled. Fields that start
/// with `=`, `+`, `-` or `@` are written as they are: the file is data, not a spreadsheet formula sheet, and
/// the quote text must match its source character for character.
///
/// With `--since`, four columns are appended: `since`, `party_status_on_since` (empty for a commitment made
/// later), `new_commitment` and `new_evidence` (the refs observed in the window).
public struct CSVReportRenderer: ReportRenderer {
    /// The columns written for every report, in order.
    public static let columns = [
        "as_of", "commitment", "party", "party_name", "party_status", "party_score", "party_overdue",
        "party_days_overdue", "commitment_status", "summary", "promisee", "made_on", "due_on", "overdue",
        "days_overdue", "tags", "latest_assessment", "assessment_effective_on", "rationale", "supporting_evidence",
        "contradicting_evidence", "context_evidence", "source", "source_version", "source_title", "source_publisher",
        "source_published_on", "source_url", "quote", "quote_start", "quote_end", "text_sha256", "entry_hash",
        "quote_orphaned_in",
    ]

    /// The columns appended when the report lists changes.
    public static let changeColumns = ["since", "party_status_on_since", "new_commitment", "new_evidence"]

    /// Creates the renderer.
    public init() {}

    /// Writes the report to `output` as it is rendered: commitments are rendered in batches on every core and
    /// handed over in order.
    public func write(_ report: ComplianceReport, to output: inout some TextOutputStream) {
        write(report, to: &output, completing: nil)
    }

    /// What one commitment's rows are written from: where the commitment is in the report, and which
    /// evidence it has. Small, so that a report of 100k commitments does not copy its items to list them.
    struct Record: Sendable {
        /// The commitment's position in the report's ``ComplianceReport/commitments``.
        var index: Int
        /// The commitment's ref, for reading its evidence.
        var commitment: CommitmentRef
        /// Filled in by a streamed report's completion; when `nil`, taken from the item's evidence.
        var evidence: ComplianceReport.EvidenceRefs?
    }

    /// Writes the report, completing each batch of records with `complete` — typically by reading which
    /// evidence each commitment has — before it is rendered (see
    /// ``LedgerStore/writeComplianceReport(asOf:scope:since:asRecorded:verifiedEntryCount:format:to:)``).
    func write(
        _ report: ComplianceReport, to output: inout some TextOutputStream,
        completing complete: BatchCompletion<Record>?
    ) {
        var out = ReportBuffer(reservingChunk: true)
        let header = Self.columns + (report.changes == nil ? [] : Self.changeColumns)
        Self.append(header, to: &out)
        let newEvidence = Dictionary(grouping: report.changes?.newEvidence ?? [], by: \.commitment)
            .mapValues { $0.map(\.evidence.description) }
        let newCommitments = Set((report.changes?.newCommitments ?? []).map(\.commitment))
        out.move(to: &output)
        let records = report.commitments.enumerated().map { index, item in
            Record(index: index, commitment: item.ref, evidence: nil)
        }
        records.renderConcurrently(to: &output, completing: complete) { batch, _, buffer in
            var out = consume buffer
            for record in batch {
                rows(for: record, of: report, newEvidence: newEvidence, newCommitments: newCommitments, into: &out)
            }
            return out
        }
    }

    /// Appends the rows of one commitment: one per promisor. Fields are written straight into `out` — the
    /// fields every party's row shares once, then copied — rather than gathered as strings: a report of 100k
    /// commitments writes millions of them.
    private func rows(
        for record: Record, of report: ComplianceReport, newEvidence: [CommitmentRef: [String]],
        newCommitments: Set<CommitmentRef>, into out: inout ReportBuffer
    ) {
        let item = report.commitments[record.index]
        var shared = ReportBuffer()
        sharedFields(of: item, evidence: record.evidence ?? ComplianceReport.EvidenceRefs(item), into: &shared)
        for party in item.promisors {
            out.append(report.asOf)
            out.append(byte: UInt8(ascii: ","))
            out.append(item.ref)
            for field in [party.slug.rawValue, party.name, party.status.rawValue] {
                out.append(byte: UInt8(ascii: ","))
                Self.append(field, to: &out)
            }
            out.append(byte: UInt8(ascii: ","))
            if let score = party.status.score { out.append(score) }
            out.append(party.overdue ? ",true," : ",false,")
            if let days = party.daysOverdue { out.append(days) }
            shared.withBytes { out.append($0[...]) }
            if let changes = report.changes {
                let isNew = newCommitments.contains(item.ref)
                out.append(byte: UInt8(ascii: ","))
                out.append(changes.since)
                out.append(byte: UInt8(ascii: ","))
                if !isNew, let before = party.statusOnSince {
                    out.append(contentsOf: before.rawValue)
                }
                out.append(isNew ? ",true," : ",false,")
                Self.append((newEvidence[item.ref] ?? []).joined(separator: ";"), to: &out)
            }
            out.append("\r\n")
        }
    }

    /// Appends the fields from `commitment_status` on, each after a comma, as every party's row has them.
    private func sharedFields(
        of item: ComplianceReport.Item, evidence: ComplianceReport.EvidenceRefs, into out: inout ReportBuffer
    ) {
        func comma() { out.append(byte: UInt8(ascii: ",")) }
        func text(_ field: String?) {
            comma()
            if let field { Self.append(field, to: &out) }
        }
        func refs(_ refs: [EvidenceRef]) {
            comma()
            out.appendJoined(refs, separator: ";") { ref, out in out.append(ref) }
        }
        let quote = item.quote
        let assessment = item.latestAssessment
        text(item.status.rawValue)
        text(item.summary)
        text(item.promisee?.slug.rawValue)
        comma()
        out.append(item.madeOn)
        comma()
        if let due = item.dueOn { out.append(due) }
        out.append(item.overdue ? ",true," : ",false,")
        if let days = item.daysOverdue { out.append(days) }
        text(item.tags.joined(separator: ";"))
        comma()
        if let assessment { out.append(assessment.ref) }
        comma()
        if let assessment { out.append(assessment.effectiveOn) }
        text(assessment?.rationale)
        refs(evidence.supporting)
        refs(evidence.contradicting)
        refs(evidence.context)
        comma()
        out.append(quote.source)
        comma()
        out.append(quote.version)
        text(quote.title)
        text(quote.publisher)
        comma()
        if let published = quote.publishedOn { out.append(published) }
        text(quote.url)
        text(quote.exact)
        comma()
        out.append(quote.start)
        comma()
        out.append(quote.end)
        comma()
        out.appendHex(quote.textSHA256)
        comma()
        out.appendHex(item.entryHash)
        comma()
        if let orphanedIn = quote.orphanedIn { out.append(orphanedIn) }
    }

    /// Appends one record, CRLF-terminated.
    static func append(_ fields: [String], to out: inout ReportBuffer) {
        var first = true
        for field in fields {
            if !first { out.append(byte: UInt8(ascii: ",")) }
            first = false
            append(field, to: &out)
        }
        out.append("\r\n")
    }

    /// Appends one field, quoted (with inner quotes doubled) when it holds a comma, a double quote, CR or LF.
    static func append(_ field: String, to out: inout ReportBuffer) {
        let quoted = field.utf8.withContiguousStorageIfAvailable(needsQuoting) ?? field.utf8.contains(where: isSpecial)
        guard quoted else {
            out.append(contentsOf: field)
            return
        }
        out.append(byte: UInt8(ascii: "\""))
        out.append(
            field, escaping: { $0 == UInt8(ascii: "\"") }, marks: { ByteWords.equal($0, UInt8(ascii: "\"")) },
            with: { _, out in out.append("\"\"") })
        out.append(byte: UInt8(ascii: "\""))
    }

    /// Whether a field of these bytes must be quoted: it holds a comma, a double quote, CR or LF. Checked
    /// eight bytes at a time, since a report's quote fields are long.
    private static func needsQuoting(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = ByteWords.firstIndex(in: utf8, from: 0, marks: { word in
            ByteWords.equal(word, UInt8(ascii: ",")) | ByteWords.equal(word, UInt8(ascii: "\""))
                | ByteWords.equal(word, 0x0A) | ByteWords.equal(word, 0x0D)
        }, isMarked: isSpecial)
        return first < utf8.count
    }

    /// Whether `byte` makes a field need quoting.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }
}
