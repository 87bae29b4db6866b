import Foundation
import GRDB

/// What a user asks to log as a commitment, before it is validated and anchored.
public struct CommitmentDraft: Sendable {
    /// Who promised (at least one).
    public var promisors: [ActorSlug]
    /// Who was promised.
    public var promisee: ActorSlug?
    /// The source that holds the promise's words.
    public var source: SourceRef
    /// The promise's words as the user typed them; anchored exactly or tolerantly.
    public var quote: String
    /// Which hit to use when the quote occurs several times (1-based).
    public var occurrence: Int?
    /// The promise in the editor's words; defaults to the quote.
    public var summary: String?
    /// The day it was made; defaults to the source's publication day.
    public var madeOn: CalendarDate?
    /// When it falls due.
    public var due: DueDate?
    /// Tags for filtering.
    public var tags: [String]
    /// What counts as kept.
    public var criteria: String?

    /// Creates a draft.
    public init(
        promisors: [ActorSlug], promisee: ActorSlug? = nil, source: SourceRef, quote: String, occurrence: Int? = nil,
        summary: String? = nil, madeOn: CalendarDate? = nil, due: DueDate? = nil, tags: [String] = [],
        criteria: String? = nil
    ) {
        self.promisors = promisors
        self.promisee = promisee
        self.source = source
        self.quote = quote
        self.occurrence = occurrence
        self.summary = summary
        self.madeOn = madeOn
        self.due = due
        self.tags = tags
        self.criteria = criteria
    }
}

extension LedgerStore {
    /// The longest quote, in code points, that a commitment or evidence may anchor.
    public static let maximumQuoteLength = 10_000

    /// The most tags one commitment may carry.
    public static let maximumTagCount = 100

    /// Logs a commitment, anchoring its quote in the source.
    ///
    /// Refuses unknown actors, a quote that is not found or is ambiguous, a due date before the day the
    /// promise was made, a missing made-on day when the source has no publication day, and a copy of an
    /// earlier commitment.
    public func logCommitment(_ draft: CommitmentDraft) throws -> Commitment {
        do {
            return try write { db in try logCommitment(draft, in: db) }
        } catch let copy as CommitmentCopy {
            throw PledgerError.conflict(
                "\(copy.earlier) already records this promise (the same promisors, words of \(copy.source), summary and day made); a copy would be scored twice — if it is another promise, give it its own --summary")
        }
    }

    /// A commitment that would repeat `earlier`: the same promisors, quoted words, summary and day made (see
    /// `commitmentRecording`).
    /// Each front end words the refusal for how its users name a summary.
    struct CommitmentCopy: Error {
        /// The commitment already recorded.
        var earlier: CommitmentRef
        /// The source quoted.
        var source: SourceRef
    }

    /// Logs a commitment inside the caller's transaction.
    func logCommitment(_ draft: CommitmentDraft, in db: Database) throws -> Commitment {
        let promisors = try Self.validatedPromisors(draft.promisors)
        let tags = try Self.validatedTags(draft.tags)
        for promisor in promisors {
            try Self.requireActor(promisor, in: db, role: "promisor")
        }
        if let promisee = draft.promisee {
            guard !promisors.contains(promisee) else {
                throw PledgerError.invalidInput(
                    "'\(promisee)' is both a promisor and the promisee; --to names whom the promise was made to, so leave it out or name someone else")
            }
            try Self.requireActor(promisee, in: db, role: "promisee")
        }
        let source = try Self.fetchSource(draft.source, in: db)
        guard let madeOn = draft.madeOn ?? source.metadata.publishedOn else {
            throw PledgerError.invalidInput(
                "source \(source.ref) has no publication date to default to; pass --made YYYY-MM-DD")
        }
        try requireNotAfterToday(
            madeOn, option: draft.madeOn == nil ? "the publication date of \(source.ref) (the default for --made)" : "--made",
            what: "a commitment is logged once it has been made")
        let dueOn = draft.due?.resolved(madeOn: madeOn)
        if let dueOn, dueOn < madeOn {
            throw PledgerError.invalidInput(
                "due date \(dueOn) is before the day the commitment was made (\(madeOn)); check --due and --made")
        }
        let quote = try Self.anchorQuote(draft.quote, in: source, occurrence: draft.occurrence, db)
        // A summary taken from the quote is one line, whatever line breaks the quoted passage spans.
        let summary = try Self.optionalText(draft.summary, option: "--summary")
            ?? quote.anchor.exact.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " ")
        if let earlier = try Self.commitmentRecording(summary, by: promisors, quoting: quote, madeOn: madeOn, db) {
            throw CommitmentCopy(earlier: earlier, source: source.ref)
        }
        let ref = CommitmentRef(try Self.nextID(in: "commitment", db))
        try append(
            .commitmentLogged(CommitmentLogged(
                commitment: ref, promisors: promisors, promisee: draft.promisee, summary: summary, quote: quote,
                madeOn: madeOn, due: draft.due, dueOn: dueOn, tags: tags, criteria: try Self.optionalText(draft.criteria, option: "--criteria"))),
            in: db)
        return try Self.fetchCommitment(ref, in: db)
    }

    /// One commitment.
    public func commitment(_ ref: CommitmentRef) throws -> Commitment {
        try read { db in try Self.fetchCommitment(ref, in: db) }
    }

    // MARK: Helpers

    /// The earlier commitment that records the same promise: these promisors (in any order), this day made,
    /// a quote that shares characters with this one in the same source version, and the same summary once
    /// letter case, runs of spaces and final punctuation are set aside — a second run with a full stop added
    /// to its summary, or the same summary over a longer passage around the same words, is the same promise.
    /// (Without `--summary`, the summary is the quote, so a longer passage is another summary.) Found through
    /// the first promisor's commitments, which the promisor index reads without a scan.
    private static func commitmentRecording(
        _ summary: String, by promisors: [ActorSlug], quoting quote: AnchoredQuote, madeOn: CalendarDate, _ db: Database
    ) throws -> CommitmentRef? {
        guard let first = promisors.first else { return nil }
        let candidates = try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.summary FROM commitment_promisor p
                JOIN commitment c ON c.id = p.commitment_id JOIN quote_anchor q ON q.id = c.quote_id
                WHERE p.actor_slug = ? AND c.made_on = ?
                  AND q.source_id = ? AND q.version = ? AND q.start < ? AND q."end" > ?
                ORDER BY c.id
                """,
            arguments: [
                first.rawValue, madeOn.description, quote.source.number, quote.version, quote.anchor.end,
                quote.anchor.start,
            ])
        let wanted = Set(promisors.map(\.rawValue))
        let key = comparable(summary)
        for candidate in candidates {
            let id: Int = try candidate.stored("id", of: "a commitment")
            guard comparable(try candidate.stored("summary", of: "C\(id)")) == key else { continue }
            let theirs = try String.fetchAll(
                db, sql: "SELECT actor_slug FROM commitment_promisor WHERE commitment_id = ?", arguments: [id])
            if Set(theirs) == wanted {
                return CommitmentRef(id)
            }
        }
        return nil
    }

    /// `text` (a summary or rationale) as two of them compare when telling a copy from a new entry: in lower
    /// case, its words one space apart, without the punctuation that ends it.
    static func comparable(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while let last = words.last, last.isPunctuation {
            words.removeLast()
        }
        return words
    }

    static func anchorQuote(_ typed: String, in source: Source, occurrence: Int?, _ db: Database) throws -> AnchoredQuote {
        let length = typed.unicodeScalars.count
        guard length <= maximumQuoteLength else {
            throw PledgerError.invalidInput(
                "the quote is \(length) characters long; a quote may hold at most \(maximumQuoteLength) — quote the decisive sentence and cite the rest in a note")
        }
        let text = try fetchText(source.ref, version: source.latestVersion, in: db)
        do {
            let anchor = try QuoteLocator(text: text).locate(typed, occurrence: occurrence)
            return AnchoredQuote(source: source.ref, version: source.latestVersion, anchor: anchor)
        } catch {
            throw PledgerError.quoteNotLocated(error.description(sourceLabel: "source \(source.ref)"))
        }
    }

    static func fetchCommitment(_ ref: CommitmentRef, in db: Database) throws -> Commitment {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM commitment WHERE id = ?", arguments: [ref.number])
        else {
            throw PledgerError.notFound("there is no commitment \(ref); run `pledger list` to see the commitments")
        }
        let promisors = try ActorSlug.fetchAll(
            db, sql: "SELECT actor_slug FROM commitment_promisor WHERE commitment_id = ? ORDER BY position",
            arguments: [ref.number])
        let tags = try String.fetchAll(
            db, sql: "SELECT tag FROM commitment_tag WHERE commitment_id = ? ORDER BY tag", arguments: [ref.number])
        guard let madeOn = CalendarDate.fromDatabaseValue(row["made_on"]) else {
            throw PledgerError.ledgerUnavailable("commitment \(ref) has a damaged made-on date; run `pledger verify`")
        }
        let owner = "commitment \(ref)"
        return Commitment(
            ref: ref, promisors: promisors, promisee: try row.stored("promisee_slug", of: owner),
            summary: try row.stored("summary", of: owner), quote: try fetchQuote(id: row.stored("quote_id", of: owner), in: db),
            madeOn: madeOn, due: try row.stored("due", of: owner), dueOn: try row.stored("due_on", of: owner), tags: tags,
            criteria: try row.stored("criteria", of: owner), entryHash: try storedEntryLeafHash(row, of: owner))
    }

    static func fetchQuote(id: Int64, in db: Database) throws -> AnchoredQuote {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM quote_anchor WHERE id = ?", arguments: [id]) else {
            throw PledgerError.ledgerUnavailable("quote anchor \(id) is missing; run `pledger verify`")
        }
        let owner = "quote anchor \(id)"
        let anchor = QuoteAnchor(
            start: try row.stored("start", of: owner), end: try row.stored("end", of: owner),
            exact: try row.stored("exact", of: owner), prefix: try row.stored("prefix", of: owner),
            suffix: try row.stored("suffix", of: owner), textSHA256: try hash(row, "text_sha256"))
        return AnchoredQuote(
            source: SourceRef(try row.stored("source_id", of: owner, as: Int.self)), version: try row.stored("version", of: owner),
            anchor: anchor)
    }

    private static func validatedPromisors(_ promisors: [ActorSlug]) throws -> [ActorSlug] {
        guard !promisors.isEmpty else {
            throw PledgerError.invalidInput("a commitment needs at least one promisor; pass --by ACTOR")
        }
        var seen = Set<ActorSlug>()
        for promisor in promisors where !seen.insert(promisor).inserted {
            throw PledgerError.invalidInput("promisor '\(promisor)' is given twice; pass each --by once")
        }
        return promisors
    }

    private static func validatedTags(_ tags: [String]) throws -> [String] {
        guard tags.count <= maximumTagCount else {
            throw PledgerError.invalidInput(
                "\(tags.count) tags given; a commitment takes at most \(maximumTagCount) --tag values")
        }
        var result: [String] = []
        for tag in tags {
            let trimmed = tag.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 64, !trimmed.contains(where: \.isNewline) else {
                throw PledgerError.invalidInput("tag '\(tag)' is not valid; use 1–64 characters on one line")
            }
            guard !trimmed.contains(";") else {
                // A CSV report's tags column and a tracker's tags cell separate tags with ";".
                throw PledgerError.invalidInput(
                    "tag '\(tag)' holds ';', which separates tags in CSV reports and trackers; pass each tag with its own --tag")
            }
            if !result.contains(trimmed) {
                result.append(trimmed)
            }
        }
        return result.sorted()
    }
}
