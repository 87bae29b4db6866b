// The report's JSON is written by hand rather than through `JSONEncoder` because of speed: a report of
// 100k commitments and 1M evidence is about 1 GB of JSON, which `JSONEncoder` took 43 s to build (it
// materialises every value as a boxed tree, then sorts every object's keys), while writing the known shape
// straight into a byte buffer takes a small fraction of that and streams the text out as it goes.
//
// The output must stay byte-for-byte what `PrettyJSON.string(report)` gives through the `Codable`
// conformance of `ComplianceReport`, which remains the reference shape and what readers decode with.
// `JSONReportRendererTests` checks that on the seed case and on hundreds of generated reports full of
// hostile strings, so a field added to a report type without a line here fails those tests.
//
// Each `write` function below emits its type's keys in the order `.sortedKeys` gives (UTF-8 byte order,
// so upper case before lower case: "asOf" < "asRecorded") and omits `nil` optionals, as the synthesized
// `encodeIfPresent` does.

import Foundation

/// Renders a ``ComplianceReport`` as pretty-printed JSON with sorted keys (schema: docs/report-schema.md).
///
/// The text is byte-for-byte what ``PrettyJSON/string(_:)`` makes of the report's `Codable` form, written
/// directly and streamed out in chunks, so it stays fast on reports of millions of evidence.
public struct JSONReportRenderer: ReportRenderer, ItemCompletedRenderer {
    /// Creates the renderer.
    public init() {}

    /// Writes the report as pretty-printed JSON with sorted keys, ending in a newline, to `output` as it goes.
    ///
    /// The text reaches `output` in pieces, each ending between two values: the opening, then batches of
    /// commitments rendered on every core, then the rest.
    public func write(_ report: ComplianceReport, to output: inout some TextOutputStream) {
        write(report, to: &output, completing: nil)
    }

    /// Writes the report, completing each batch of commitments with `complete` before it is rendered (see
    /// ``LedgerStore/writeComplianceReport(asOf:scope:since:asRecorded:verifiedEntryCount:format:to:)``).
    func write(
        _ report: ComplianceReport, to output: inout some TextOutputStream, completing complete: ItemCompletion?
    ) {
        var writer = ReportJSONWriter()
        writer.write(report, to: &output, completing: complete)
    }
}

/// Pretty-printed, key-sorted JSON: the form of every `--format json` output.
public enum PrettyJSON {
    /// Encodes `value` as indented JSON with sorted keys and unescaped slashes, ending in a newline.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// Writes the report types into a ``JSONTextWriter``, one function per type, keys in sorted order.
private struct ReportJSONWriter {
    var json = JSONTextWriter()
    /// The members of each quote's object that its source version alone decides, written once per batch.
    private var citations = CitationCache()

    init(json: JSONTextWriter = JSONTextWriter()) {
        self.json = json
    }

    /// Writes the whole report and its final newline, handing text to `output` between commitments.
    mutating func write(
        _ report: ComplianceReport, to output: inout some TextOutputStream, completing complete: ItemCompletion?
    ) {
        json.beginObject()
        json.key("actors")
        array(report.actors) { $0.write($1) }
        json.key("asOf")
        date(report.asOf)
        if let changes = report.changes {
            json.key("changes")
            write(changes)
        }
        json.key("commitments")
        json.beginArray()
        json.move(to: &output)
        let finished = report.commitments.renderConcurrently(to: &output, completing: complete) { batch, isFirst, buffer in
            // Inside the report object and its commitments array.
            var writer = ReportJSONWriter(json: JSONTextWriter(depth: 2, isFirstMember: isFirst, into: consume buffer))
            batch.withUnsafeBufferPointer { items in
                for index in items.indices {
                    writer.json.element()
                    writer.write(items[index])
                }
            }
            return writer.json.takeText()
        }
        guard finished else { return }  // A streamed report that failed part way ends where it failed.
        json.endArray()
        json.key("overall")
        write(report.overall)
        json.key("overdue")
        array(report.overdue) { $0.ref($1) }
        json.key("schemaVersion")
        json.int(report.schemaVersion)
        json.key("scope")
        write(report.scope)
        json.key("stamp")
        write(report.stamp)
        json.endObject()
        json.append("\n")
        json.move(to: &output)
    }

    // MARK: Report types

    private mutating func write(_ scope: ComplianceReport.Scope) {
        json.beginObject()
        if let actor = scope.actor {
            json.key("actor")
            json.string(actor.rawValue)
        }
        if let status = scope.status {
            json.key("status")
            json.string(status.rawValue)
        }
        if let tag = scope.tag {
            json.key("tag")
            json.string(tag)
        }
        json.endObject()
    }

    private mutating func write(_ stamp: ComplianceReport.Stamp) {
        json.beginObject()
        json.key("asOf")
        date(stamp.asOf)
        if let asRecorded = stamp.asRecorded {
            json.key("asRecorded")
            write(asRecorded)
        }
        if let checkpoint = stamp.checkpoint {
            json.key("checkpoint")
            json.string(checkpoint)
        }
        json.key("entryCount")
        json.int(stamp.entryCount)
        json.key("generatedAt")
        json.string(stamp.generatedAt)
        json.key("rootHash")
        hash(stamp.rootHash)
        json.endObject()
    }

    private mutating func write(_ asRecorded: ComplianceReport.AsRecorded) {
        json.beginObject()
        json.key("entryCount")
        json.int(asRecorded.entryCount)
        json.key("ledgerEntryCount")
        json.int(asRecorded.ledgerEntryCount)
        json.key("ledgerRootHash")
        hash(asRecorded.ledgerRootHash)
        if let recordedThrough = asRecorded.recordedThrough {
            json.key("recordedThrough")
            date(recordedThrough)
        }
        json.endObject()
    }

    private mutating func write(_ scorecard: ComplianceReport.Scorecard) {
        json.beginObject()
        if let compliancePercent = scorecard.compliancePercent {
            json.key("compliancePercent")
            json.double(compliancePercent)
        }
        json.key("counts")
        json.beginObject()
        // `.sortedKeys` orders by the keys' UTF-8 bytes.
        for (status, count) in scorecard.counts.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            json.key(escaping: status)
            json.int(count)
        }
        json.endObject()
        if let meanScore = scorecard.meanScore {
            json.key("meanScore")
            json.double(meanScore)
        }
        json.key("scored")
        json.int(scorecard.scored)
        json.endObject()
    }

    private mutating func write(_ actor: ComplianceReport.ActorScorecard) {
        json.beginObject()
        json.key("actor")
        json.string(actor.actor.rawValue)
        json.key("name")
        json.string(actor.name)
        json.key("scorecard")
        write(actor.scorecard)
        json.endObject()
    }

    private mutating func write(_ item: ComplianceReport.Item) {
        json.beginObject()
        json.key("context")
        array(item.context) { $0.write($1) }
        json.key("contradicting")
        array(item.contradicting) { $0.write($1) }
        if let criteria = item.criteria {
            json.key("criteria")
            json.string(criteria)
        }
        if let daysOverdue = item.daysOverdue {
            json.key("daysOverdue")
            json.int(daysOverdue)
        }
        if let dueOn = item.dueOn {
            json.key("dueOn")
            date(dueOn)
        }
        json.key("entryHash")
        hash(item.entryHash)
        json.key("history")
        array(item.history) { $0.write($1) }
        if let latestAssessment = item.latestAssessment {
            json.key("latestAssessment")
            write(latestAssessment)
        }
        json.key("madeOn")
        date(item.madeOn)
        json.key("overdue")
        json.bool(item.overdue)
        if let promisee = item.promisee {
            json.key("promisee")
            write(promisee)
        }
        json.key("promisors")
        array(item.promisors) { $0.write($1) }
        json.key("quote")
        write(item.quote)
        json.key("ref")
        ref(item.ref)
        json.key("status")
        json.string(item.status.rawValue)
        json.key("statusChanges")
        array(item.statusChanges) { $0.write($1) }
        json.key("summary")
        json.string(item.summary)
        json.key("supporting")
        array(item.supporting) { $0.write($1) }
        json.key("tags")
        array(item.tags) { $0.json.string($1) }
        json.endObject()
    }

    private mutating func write(_ change: StatusChange) {
        json.beginObject()
        json.key("from")
        date(change.from)
        json.key("status")
        json.string(change.status.rawValue)
        json.endObject()
    }

    private mutating func write(_ named: ComplianceReport.Named) {
        json.beginObject()
        json.key("name")
        json.string(named.name)
        json.key("slug")
        json.string(named.slug.rawValue)
        json.endObject()
    }

    private mutating func write(_ party: ComplianceReport.Party) {
        json.beginObject()
        if let daysOverdue = party.daysOverdue {
            json.key("daysOverdue")
            json.int(daysOverdue)
        }
        json.key("name")
        json.string(party.name)
        json.key("overdue")
        json.bool(party.overdue)
        json.key("slug")
        json.string(party.slug.rawValue)
        json.key("status")
        json.string(party.status.rawValue)
        if let statusOnSince = party.statusOnSince {
            json.key("statusOnSince")
            json.string(statusOnSince.rawValue)
        }
        json.endObject()
    }

    /// A quote's object. The members its source version decides — between `prefix` and `start`, and from
    /// `textSHA256` on — are copied from parts made once per source version and depth (see
    /// ``CitationCache``); a report cites a million quotes from far fewer sources.
    private mutating func write(_ quote: ComplianceReport.CitedQuote) {
        json.beginObject()
        json.key("end")
        json.int(quote.end)
        json.key("exact")
        json.string(quote.exact)
        if let orphanedIn = quote.orphanedIn {
            json.key("orphanedIn")
            json.int(orphanedIn)
        }
        json.key("prefix")
        json.string(quote.prefix)
        let depth = json.depth
        let parts = citations.index(of: quote, variant: depth) { cited in
            // Members after others in an object `depth` deep: each starts with its separator and indentation.
            var head = JSONTextWriter(depth: depth, isFirstMember: false, into: ReportBuffer())
            Self.writeSourceHead(of: cited, into: &head)
            var tail = JSONTextWriter(depth: depth, isFirstMember: false, into: ReportBuffer())
            Self.writeSourceTail(of: cited, into: &tail)
            return (head.takeText(), tail.takeText())
        }
        json.append(members: citations.head(at: parts))
        json.key("start")
        json.int(quote.start)
        json.key("suffix")
        json.string(quote.suffix)
        json.append(members: citations.tail(at: parts))
        json.endObject()
    }

    /// The members of a quote's object between `prefix` and `start` that its source decides.
    static func writeSourceHead(of cited: CitedSource, into json: inout JSONTextWriter) {
        var writer = ReportJSONWriter(json: json)
        if let publishedOn = cited.publishedOn {
            writer.json.key("publishedOn")
            writer.date(publishedOn)
        }
        writer.json.key("publisher")
        writer.json.string(cited.publisher)
        writer.json.key("source")
        writer.ref(cited.source)
        json = writer.json
    }

    /// The members of a quote's object after `suffix`, which its source version decides.
    static func writeSourceTail(of cited: CitedSource, into json: inout JSONTextWriter) {
        var writer = ReportJSONWriter(json: json)
        writer.json.key("textSHA256")
        writer.hash(cited.textSHA256)
        writer.json.key("title")
        writer.json.string(cited.title)
        if let url = cited.url {
            writer.json.key("url")
            writer.json.string(url)
        }
        writer.json.key("version")
        writer.json.int(cited.version)
        json = writer.json
    }

    private mutating func write(_ evidence: ComplianceReport.CitedEvidence) {
        json.beginObject()
        json.key("entryHash")
        hash(evidence.entryHash)
        if let note = evidence.note {
            json.key("note")
            json.string(note)
        }
        json.key("observedOn")
        date(evidence.observedOn)
        json.key("quote")
        write(evidence.quote)
        json.key("ref")
        ref(evidence.ref)
        json.key("stance")
        json.string(evidence.stance.rawValue)
        json.endObject()
    }

    private mutating func write(_ assessment: ComplianceReport.AssessmentSummary) {
        json.beginObject()
        json.key("assessor")
        json.string(assessment.assessor)
        json.key("effectiveOn")
        date(assessment.effectiveOn)
        json.key("entryHash")
        hash(assessment.entryHash)
        json.key("evidence")
        array(assessment.evidence) { $0.ref($1) }
        if let promisor = assessment.promisor {
            json.key("promisor")
            json.string(promisor.rawValue)
        }
        json.key("rationale")
        json.string(assessment.rationale)
        json.key("ref")
        ref(assessment.ref)
        json.key("status")
        json.string(assessment.status.rawValue)
        json.endObject()
    }

    // MARK: Change types

    private mutating func write(_ changes: ComplianceReport.Changes) {
        json.beginObject()
        json.key("newCommitments")
        array(changes.newCommitments) { $0.write($1) }
        json.key("newEvidence")
        array(changes.newEvidence) { $0.write($1) }
        json.key("since")
        date(changes.since)
        json.key("statusMoves")
        array(changes.statusMoves) { $0.write($1) }
        json.endObject()
    }

    private mutating func write(_ commitment: ComplianceReport.NewCommitment) {
        json.beginObject()
        json.key("commitment")
        ref(commitment.commitment)
        json.key("madeOn")
        date(commitment.madeOn)
        json.key("status")
        json.string(commitment.status.rawValue)
        json.key("summary")
        json.string(commitment.summary)
        json.endObject()
    }

    private mutating func write(_ move: ComplianceReport.StatusMove) {
        json.beginObject()
        json.key("after")
        json.string(move.after.rawValue)
        json.key("assessments")
        array(move.assessments) { $0.ref($1) }
        json.key("before")
        json.string(move.before.rawValue)
        json.key("commitment")
        ref(move.commitment)
        if let party = move.party {
            json.key("party")
            write(party)
        }
        json.key("summary")
        json.string(move.summary)
        json.endObject()
    }

    private mutating func write(_ evidence: ComplianceReport.NewEvidence) {
        json.beginObject()
        json.key("commitment")
        ref(evidence.commitment)
        json.key("evidence")
        ref(evidence.evidence)
        json.key("exact")
        json.string(evidence.exact)
        json.key("observedOn")
        date(evidence.observedOn)
        json.key("stance")
        json.string(evidence.stance.rawValue)
        json.endObject()
    }

    // MARK: Values with custom Codable forms

    /// An array whose elements `body` writes.
    ///
    /// Elements are read in place through the buffer: copying each out of the array, as `for in` does,
    /// retains and releases every string it holds, which was a quarter of the writing time.
    @inline(__always)
    private mutating func array<Element>(_ elements: [Element], _ body: (inout Self, borrowing Element) -> Void) {
        json.beginArray()
        elements.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                json.element()
                body(&self, buffer[index])
            }
        }
        json.endArray()
    }

    /// A ``CalendarDate`` as its `YYYY-MM-DD` string.
    private mutating func date(_ date: CalendarDate) {
        json.string(date)
    }

    /// A ``Ref`` as its string, such as `"C3"`.
    private mutating func ref<Kind>(_ ref: Ref<Kind>) {
        json.append(byte: UInt8(ascii: "\""))
        json.append(byte: Kind.prefixASCII)
        json.int(ref.number)
        json.append(byte: UInt8(ascii: "\""))
    }

    /// A ``SHA256Hash`` as its lower-case hex string.
    private mutating func hash(_ hash: SHA256Hash) {
        json.hexString(hash)
    }
}
