import Foundation
import GRDB
import GRDBSQLite

extension LedgerStore {
    /// Every commitment with its evidence and assessments, in ref order, read with one query per table and
    /// assembled in memory — so that a report over a large ledger costs a few table scans, not several
    /// queries per commitment. Without `evidence`, the dossiers hold none (see ``CommitmentEvidenceReader``).
    ///
    /// - Parameter entryCount: when set, only what the log's first `entryCount` entries recorded (see
    ///   ``rewroteEarlierRows(since:in:)`` for when that is the ledger as it then stood).
    static func fetchAllDossiers(
        in db: Database, evidence: Bool = true, assessments: Bool = true, recordedIn entryCount: Int = .max
    ) throws -> [CommitmentDossier] {
        var dossiers = try fetchCommitments(in: db, recordedIn: entryCount)
        var decoder = BulkDecoder()
        if evidence {
            try forEachRow(
                db, "\(BulkDecoder.evidenceSelection) WHERE v.entry_seq < ? ORDER BY v.id", arguments: [entryCount]
            ) { columns in
                let piece = try decoder.evidence(columns)
                guard let index = indexOfDossier(piece.commitment, in: dossiers) else {
                    throw damaged("commitment of evidence \(piece.ref)")
                }
                dossiers[index].evidence.append(piece)
            }
        }

        if assessments {
            try file(fetchAssessments(in: db, recordedIn: entryCount), into: &dossiers)
        }
        return dossiers
    }

    /// The commitments with ids in `ids` that the log's first `entryCount` entries recorded, in ref order, as
    /// dossiers without evidence or assessments. A report's outline reads its commitments in two ranges at
    /// once, on two connections (see ``OutlinePrefetch``).
    static func fetchCommitments(
        in db: Database, ids: ClosedRange<Int> = Int.min...Int.max, recordedIn entryCount: Int
    ) throws -> [CommitmentDossier] {
        var decoder = BulkDecoder()

        // Every loop reads its columns through the C API: a large ledger has 100k commitments and
        // assessments, and this read comes before anything of the report is written.
        var promisors = GroupedRows<ActorSlug>()
        try forEachRow(
            db,
            """
            SELECT commitment_id, actor_slug FROM commitment_promisor
            WHERE commitment_id BETWEEN ? AND ? ORDER BY commitment_id, position
            """,
            arguments: [ids.lowerBound, ids.upperBound]
        ) { columns in
            promisors.append(ActorSlug(trusted: columns.text(1)), to: columns.int(0))
        }
        var tags = GroupedRows<String>()
        try forEachRow(
            db,
            "SELECT commitment_id, tag FROM commitment_tag WHERE commitment_id BETWEEN ? AND ? ORDER BY commitment_id, tag",
            arguments: [ids.lowerBound, ids.upperBound]
        ) { columns in
            tags.append(columns.text(1), to: columns.int(0))
        }

        var dossiers: [CommitmentDossier] = []
        try forEachRow(
            db,
            """
            SELECT c.id, c.summary, c.promisee_slug, c.made_on, c.due, c.due_on, c.criteria, c.entry_leaf_hash,
                   \(BulkDecoder.quoteColumns)
            FROM commitment c JOIN quote_anchor q ON q.id = c.quote_id
            WHERE c.entry_seq < ? AND c.id BETWEEN ? AND ?
            ORDER BY c.id
            """,
            arguments: [entryCount, ids.lowerBound, ids.upperBound]
        ) { columns in
            let id = columns.int(0)
            let ref = CommitmentRef(id)
            let commitment = Commitment(
                ref: ref, promisors: promisors.take(id), promisee: columns.optionalText(2).map(ActorSlug.init(trusted:)),
                summary: columns.text(1), quote: try decoder.quote(columns, from: 8),
                madeOn: try BulkDecoder.date(columns, 3, "made-on date of \(ref)"),
                due: try columns.optionalText(4).map { text in
                    guard let due = try? DueDate(validating: text) else { throw damaged("due date of \(ref)") }
                    return due
                },
                dueOn: columns.isNull(5) ? nil : try BulkDecoder.date(columns, 5, "due date of \(ref)"), tags: tags.take(id),
                criteria: columns.optionalText(6), entryHash: try BulkDecoder.entryLeafHash(columns, 7, of: "commitment \(ref)"))
            dossiers.append(CommitmentDossier(commitment: commitment, evidence: [], assessments: []))
        }

        return dossiers
    }

    /// Every assessment recorded by the log's first `entryCount` entries, in recorded order — which is ref
    /// order, since each entry must number its assessment next (see ``EntryRules``): read in the table's own
    /// order, where sorting 100k rows by their entries took SQLite longer than reading them.
    static func fetchAssessments(in db: Database, recordedIn entryCount: Int) throws -> [Assessment] {
        // The evidence each assessment cites, in assessment order: merged with the assessments as they are
        // read, in the same order, rather than hashed into a dictionary of 100k arrays.
        var cited: [(assessment: Int, evidence: EvidenceRef)] = []
        try forEachRow(
            db, "SELECT assessment_id, evidence_id FROM assessment_evidence ORDER BY assessment_id, position"
        ) { columns in
            cited.append((columns.int(0), EvidenceRef(columns.int(1))))
        }
        var nextCited = 0
        func evidence(citedBy id: Int) -> [EvidenceRef] {
            while nextCited < cited.count, cited[nextCited].assessment < id {
                nextCited += 1  // Cites for an assessment there is no row of: a damaged ledger's.
            }
            var evidence: [EvidenceRef] = []
            while nextCited < cited.count, cited[nextCited].assessment == id {
                evidence.append(cited[nextCited].evidence)
                nextCited += 1
            }
            return evidence
        }
        var assessments: [Assessment] = []
        try forEachRow(
            db,
            """
            SELECT id, commitment_id, promisor_slug, status, effective_on, rationale, entry_author,
                   entry_recorded_at, entry_leaf_hash
            FROM assessment
            WHERE entry_seq < ?
            ORDER BY id
            """,
            arguments: [entryCount]
        ) { columns in
            let id = columns.int(0)
            guard let status = Status(rawValue: columns.text(3)) else {
                throw damaged("status of assessment A\(id)")
            }
            assessments.append(Assessment(
                ref: AssessmentRef(id), commitment: CommitmentRef(columns.int(1)),
                promisor: columns.optionalText(2).map(ActorSlug.init(trusted:)), status: status,
                effectiveOn: try BulkDecoder.date(columns, 4, "effective date of A\(id)"), rationale: columns.text(5),
                evidence: evidence(citedBy: id), assessor: try BulkDecoder.text(columns, 6, "entry author of A\(id)"),
                recordedAt: try BulkDecoder.text(columns, 7, "entry time of A\(id)"),
                entryHash: try BulkDecoder.entryLeafHash(columns, 8, of: "assessment A\(id)")))
        }
        return assessments
    }

    /// Files each assessment, in order, with the dossier of its commitment.
    static func file(_ assessments: [Assessment], into dossiers: inout [CommitmentDossier]) throws {
        for assessment in assessments {
            guard let index = indexOfDossier(assessment.commitment, in: dossiers) else {
                throw damaged("commitment of assessment \(assessment.ref)")
            }
            dossiers[index].assessments.append(assessment)
        }
    }

    /// Where `ref`'s dossier is among `dossiers`, which are in ref order as
    /// ``fetchAllDossiers(in:evidence:assessments:recordedIn:)`` returns them: found by halving, with neither a
    /// table of positions nor hashing.
    private static func indexOfDossier(_ ref: CommitmentRef, in dossiers: [CommitmentDossier]) -> Int? {
        var low = dossiers.startIndex
        var high = dossiers.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if dossiers[middle].commitment.ref.number < ref.number {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < dossiers.endIndex && dossiers[low].commitment.ref == ref ? low : nil
    }

    /// The evidence observed after `since` and on or before `asOf`, by commitment, each in ref order, as a
    /// report's changes list it: read without the rest of the evidence, or the quotes' context.
    static func fetchNewEvidence(
        observedAfter since: CalendarDate, through asOf: CalendarDate, recordedIn entryCount: Int, in db: Database
    ) throws -> [CommitmentRef: [ComplianceReport.NewEvidence]] {
        var evidence: [CommitmentRef: [ComplianceReport.NewEvidence]] = [:]
        try forEachRow(
            db,
            """
            SELECT v.id, v.commitment_id, v.stance, v.observed_on, q.exact
            FROM evidence v JOIN quote_anchor q ON q.id = v.quote_id
            WHERE v.observed_on > ? AND v.observed_on <= ? AND v.entry_seq < ? ORDER BY v.id
            """,
            arguments: [since, asOf, entryCount]
        ) { columns in
            let ref = EvidenceRef(columns.int(0))
            let stance = try BulkDecoder.stance(columns, 2, of: ref)
            let commitment = CommitmentRef(columns.int(1))
            evidence[commitment, default: []].append(ComplianceReport.NewEvidence(
                evidence: ref, commitment: commitment, stance: stance,
                observedOn: try BulkDecoder.date(columns, 3, "observed-on date of \(ref)"), exact: columns.text(4)))
        }
        return evidence
    }

    /// Whether an entry at or after `entryCount` changed rows a report reads that earlier entries recorded.
    /// Only a source revision changes earlier rows: the source's latest version, and every quote on it,
    /// which its anchor moves re-anchor (or orphan). A report reads a source's latest version only to mark
    /// orphaned quotes on it, so a revision matters to a report exactly when it moved quotes — and anchor
    /// moves are what this checks, in their small table. Until one lands, the rows the first `entryCount`
    /// entries recorded are those the ledger held then, so filtering by entry is the ledger as it then stood.
    /// (`pledger repair --rebuild-projection` rewrites every row with the same contents.)
    static func rewroteEarlierRows(since entryCount: Int, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM anchor_move WHERE entry_seq >= ?)", arguments: [entryCount]) ?? true
    }

    /// Calls `body` with the columns of each row `sql` selects.
    fileprivate static func forEachRow(
        _ db: Database, _ sql: String, arguments: StatementArguments = StatementArguments(),
        _ body: (StatementColumns) throws -> Void
    ) throws {
        let statement = try db.makeStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        let columns = StatementColumns(statement)
        while try rows.next() != nil {
            try body(columns)
        }
    }

    /// Every actor, by slug, in one query; with `entryCount`, those the log's first `entryCount` entries added.
    static func fetchAllActors(in db: Database, recordedIn entryCount: Int = .max) throws -> [Actor] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.slug, a.name, a.kind, a.parent_slug, e.leaf_hash FROM actor a JOIN entry e ON e.seq = a.entry_seq
                WHERE a.entry_seq < ? ORDER BY a.slug
                """,
            arguments: [entryCount]
        ).map { row in
            let slug = ActorSlug(trusted: try row.stored("slug", of: "an actor"))
            guard let kind = ActorKind(rawValue: try row.stored("kind", of: "actor '\(slug)'")) else {
                throw damaged("kind of actor '\(slug)'")
            }
            let parent: String? = try row.stored("parent_slug", of: "actor '\(slug)'")
            return Actor(
                slug: slug, name: try row.stored("name", of: "actor '\(slug)'"), kind: kind,
                parent: parent.map(ActorSlug.init(trusted:)),
                entryHash: try BulkDecoder.leafHash(row, 4))
        }
    }
}

/// Decodes the repetitive columns of bulk reads, remembering text hashes already seen: a large ledger holds a
/// million evidence rows but only a few thousand source texts. Dates are parsed from SQLite's bytes, which
/// costs less than looking them up.
struct BulkDecoder {
    /// The quote anchor columns, in the order ``quote(_:from:)`` reads them.
    static let quoteColumns = #"q.source_id, q.version, q.start, q."end", q.exact, q.prefix, q.suffix, q.text_sha256"#

    private var hashes: [TextKey: KnownText] = [:]
    /// The text hash read last: the next quote is most often from the same source version, found without
    /// hashing its key.
    private var lastText: (key: TextKey, known: KnownText)?

    /// The 32-byte leaf hash in column `index`, read without copying the blob twice.
    static func leafHash(_ row: Row, _ index: Int) throws -> SHA256Hash {
        try present(row.withUnsafeData(atIndex: index) { data in data.flatMap { $0.withUnsafeBytes { SHA256Hash(bytes: $0) } } })
    }

    /// The leaf hash of the entry that recorded `owner`, which its own row keeps as a 32-byte blob in column
    /// `index` (see ``LedgerStore/storedEntryLeafHash(_:of:)``).
    static func entryLeafHash(_ columns: StatementColumns, _ index: Int32, of owner: @autoclosure () -> String) throws
        -> SHA256Hash
    {
        guard columns.isBlob(index), let hash = columns.withBlob(index, { SHA256Hash(bytes: $0) }) else {
            throw LedgerStore.damaged("entry leaf hash of \(owner())")
        }
        return hash
    }

    private static func present(_ leafHash: SHA256Hash?) throws -> SHA256Hash {
        guard let leafHash else {
            throw PledgerError.ledgerUnavailable("a stored leaf hash is damaged; run `pledger verify`")
        }
        return leafHash
    }

    /// The text in column `index`, which must be text: a NULL or a number there is refused, as damage.
    static func text(_ columns: StatementColumns, _ index: Int32, _ what: @autoclosure () -> String) throws -> String {
        guard columns.isText(index) else {
            throw LedgerStore.damaged(what())
        }
        return columns.text(index)
    }

    /// The date in column `index`, parsed from SQLite's bytes without making a string.
    static func date(_ columns: StatementColumns, _ index: Int32, _ what: @autoclosure () -> String) throws -> CalendarDate {
        guard let date = columns.withBytes(index, CalendarDate.parseDigits) else {
            throw LedgerStore.damaged(what())
        }
        return date
    }

    /// The columns ``evidence(_:)`` reads, from the evidence table `v`; a query adds its filter and order.
    static let evidenceSelection = """
        SELECT v.id, v.commitment_id, v.observed_on, v.stance, v.note, v.entry_leaf_hash, \(quoteColumns)
        FROM evidence v JOIN quote_anchor q ON q.id = v.quote_id
        """

    /// The stance of evidence `ref` stored in column `index`, compared byte for byte with each stance's
    /// name: a report reads a million of them, and a string made of each costs more than the read.
    static func stance(_ columns: StatementColumns, _ index: Int32, of ref: EvidenceRef) throws -> Stance {
        guard let stance = columns.withBytes(index, stance(named:)) else {
            throw LedgerStore.damaged("stance of evidence \(ref)")
        }
        return stance
    }

    /// The stance whose stored name is `bytes`.
    private static func stance(named bytes: UnsafeBufferPointer<UInt8>) -> Stance? {
        stanceNames.first { name in name.utf8.withUnsafeBufferPointer { $0.holdsSameBytes(as: bytes) } }?.stance
    }

    /// Each stance with the UTF-8 of its stored name.
    private static let stanceNames = Stance.allCases.map { (stance: $0, utf8: Array($0.rawValue.utf8)) }

    /// The piece of evidence on the row of an ``evidenceSelection`` query.
    mutating func evidence(_ columns: StatementColumns) throws -> Evidence {
        let ref = EvidenceRef(columns.int(0))
        let stance = try Self.stance(columns, 3, of: ref)
        return Evidence(
            ref: ref, commitment: CommitmentRef(columns.int(1)), quote: try quote(columns, from: 6),
            observedOn: try Self.date(columns, 2, "observed-on date of \(ref)"), stance: stance,
            note: columns.optionalText(4), entryHash: try Self.entryLeafHash(columns, 5, of: "evidence \(ref)"))
    }

    mutating func quote(_ columns: StatementColumns, from first: Int32) throws -> AnchoredQuote {
        let source = columns.int(first)
        let version = columns.int(first + 1)
        let key = TextKey(source: source, version: version)
        let textSHA256: SHA256Hash
        if let last = lastText, last.key == key, columns.withBytes(first + 7, last.known.holdsHex) {
            textSHA256 = last.known.hash
        } else if let known = hashes[key], columns.withBytes(first + 7, known.holdsHex) {
            lastText = (key, known)
            textSHA256 = known.hash
        } else {
            let hex = columns.text(first + 7)
            guard let parsed = SHA256Hash(hex: hex) else {
                throw PledgerError.ledgerUnavailable("a stored quote's text hash is damaged; run `pledger verify`")
            }
            let known = KnownText(hex: Array(hex.utf8), hash: parsed)
            hashes[key] = known
            lastText = (key, known)
            textSHA256 = parsed
        }
        let anchor = QuoteAnchor(
            start: columns.int(first + 2), end: columns.int(first + 3), exact: columns.text(first + 4),
            prefix: columns.text(first + 5), suffix: columns.text(first + 6), textSHA256: textSHA256)
        return AnchoredQuote(source: SourceRef(source), version: version, anchor: anchor)
    }

}

/// A query of the rows of a run of commitments recorded by the log's first N entries — its three parameters
/// are the first and last commitment numbers and N — run once per commitment of a report, or once per batch
/// of consecutive ones. It is bound and stepped without GRDB's row cursor, whose set-up (a `Row` object, and
/// a check of the arguments) cost more than reading a commitment's ten pieces of evidence.
///
/// Belongs to the connection and thread it was made on, like the statement it holds.
private struct CommitmentRunQuery {
    private let statement: Statement
    private let columns: StatementColumns
    private let entryCount: Int

    init(_ db: Database, sql: String, recordedIn entryCount: Int) throws {
        statement = try db.cachedStatement(sql: sql)
        columns = StatementColumns(statement)
        self.entryCount = entryCount
    }

    /// Calls `body` with the columns of each row of the commitments numbered `numbers`, in the query's order.
    func forEachRow(ofCommitments numbers: ClosedRange<Int>, _ body: (StatementColumns) throws -> Void) throws {
        // A step that failed leaves its error for the next reset, which `setUncheckedArguments` would trap on.
        sqlite3_reset(statement.sqliteStatement)
        statement.setUncheckedArguments([numbers.lowerBound, numbers.upperBound, entryCount])
        let steps = try Int.fetchCursor(statement)
        while try steps.next() != nil {
            try body(columns)
        }
    }
}

/// Reads the evidence of one commitment at a time, or of a run of consecutive ones, through the index on
/// `evidence.commitment_id`: a streamed report reads a batch of commitments' evidence just before rendering
/// it.
///
/// Belongs to the connection and thread it was made on, like the statement it holds.
struct CommitmentEvidenceReader {
    private let query: CommitmentRunQuery
    private var decoder = BulkDecoder()

    /// Makes a reader of the evidence recorded by the first `entryCount` entries of the log, leaving out any
    /// appended since.
    init(_ db: Database, recordedIn entryCount: Int) throws {
        query = try CommitmentRunQuery(
            db,
            sql: """
                \(BulkDecoder.evidenceSelection) WHERE v.commitment_id BETWEEN ? AND ? AND v.entry_seq < ?
                ORDER BY v.commitment_id, v.id
                """,
            recordedIn: entryCount)
    }

    /// Calls `body` with each piece of evidence on `commitment`, in ref order, as it is read.
    mutating func forEachEvidence(of commitment: CommitmentRef, _ body: (Evidence) throws -> Void) throws {
        try forEachEvidence(ofCommitments: commitment.number...commitment.number) { _, decode in
            try body(try decode())
        }
    }

    /// Calls `body` with the commitment of each piece of evidence on the commitments numbered `numbers` — by
    /// commitment, then in ref order — and a function that decodes the piece, for the pieces `body` wants:
    /// one query for a batch of consecutive commitments, where a query per commitment cost about as much to
    /// set up and end as reading its evidence, and the evidence of commitments in between that a report
    /// leaves out is neither decoded nor checked.
    mutating func forEachEvidence(
        ofCommitments numbers: ClosedRange<Int>,
        _ body: (_ commitment: CommitmentRef, _ decode: () throws -> Evidence) throws -> Void
    ) throws {
        try query.forEachRow(ofCommitments: numbers) { columns in
            try body(CommitmentRef(columns.int(1))) { try decoder.evidence(columns) }
        }
    }
}

/// Reads which evidence each commitment has — refs by stance, in ref order — one commitment at a time,
/// without the quotes: what a CSV report lists. It checks what it reads (the stance and the day), but not
/// the quotes and leaf hashes it leaves unread, which `pledger verify` checks.
///
/// Belongs to the connection and thread it was made on, like the statement it holds.
struct CommitmentEvidenceRefReader {
    private let query: CommitmentRunQuery

    /// Makes a reader of the evidence recorded by the first `entryCount` entries of the log.
    init(_ db: Database, recordedIn entryCount: Int) throws {
        query = try CommitmentRunQuery(
            db,
            sql: """
                SELECT id, stance, observed_on FROM evidence WHERE commitment_id BETWEEN ? AND ? AND entry_seq < ?
                ORDER BY commitment_id, id
                """,
            recordedIn: entryCount)
    }

    /// The evidence on `commitment` that `listing` accepts, given each piece's ref and observed day, by stance.
    func evidence(
        of commitment: CommitmentRef, listing: (EvidenceRef, CalendarDate) -> Bool
    ) throws -> ComplianceReport.EvidenceRefs {
        var evidence = ComplianceReport.EvidenceRefs()
        try query.forEachRow(ofCommitments: commitment.number...commitment.number) { columns in
            let ref = EvidenceRef(columns.int(0))
            let stance = try BulkDecoder.stance(columns, 1, of: ref)  // Checked for every row, as a full read does.
            guard listing(ref, try BulkDecoder.date(columns, 2, "observed-on date of \(ref)")) else { return }
            evidence.append(ref, stance)
        }
        return evidence
    }
}

/// Which evidence every commitment has — ref, stance and observed day — read in one pass over the evidence
/// table, in its stored order, and grouped by commitment in memory: for a report that covers every
/// commitment, a scan costs a fraction of a lookup per commitment through the index. It checks what it reads
/// as ``CommitmentEvidenceRefReader`` does.
struct EvidenceRefTable: Sendable {
    private struct Piece: Sendable {
        var ref: EvidenceRef
        var observedOn: CalendarDate
        var stance: Stance
    }

    /// Every piece, by commitment, each commitment's in ref order.
    private let pieces: [Piece]
    /// Where each commitment's pieces begin in `pieces`, by commitment number; one more than the highest.
    private let starts: [Int]

    /// Reads the evidence the log's first `entryCount` entries recorded — or returns `nil` when the
    /// commitments' numbers are not 1, 2, 3 … as a ledger numbers them, so that they cannot index a table:
    /// a report then reads each commitment's evidence on its own, and meets the damage where it reads it.
    static func read(_ db: Database, recordedIn entryCount: Int) throws -> EvidenceRefTable? {
        guard let numbers = try Row.fetchOne(db, sql: "SELECT count(*), min(id), max(id) FROM commitment") else {
            return nil
        }
        let count: Int = numbers[0]
        let lowest: Int? = numbers[1]
        let highest: Int? = numbers[2]
        guard count == 0 || (lowest == 1 && highest == count) else { return nil }
        return try EvidenceRefTable(db, recordedIn: entryCount, commitments: count)
    }

    /// Reads the evidence the log's first `entryCount` entries recorded, on commitments numbered 1 through
    /// `highest`.
    private init(_ db: Database, recordedIn entryCount: Int, commitments highest: Int) throws {
        var read: [Piece] = []
        var commitments: [Int] = []
        var counts = [Int](repeating: 0, count: highest + 2)
        try LedgerStore.forEachRow(
            db, "SELECT id, commitment_id, stance, observed_on FROM evidence WHERE entry_seq < ? ORDER BY id",
            arguments: [entryCount]
        ) { columns in
            let ref = EvidenceRef(columns.int(0))
            let commitment = columns.int(1)
            guard commitment >= 1, commitment <= highest else {
                throw LedgerStore.damaged("commitment of evidence \(ref)")
            }
            read.append(Piece(
                ref: ref, observedOn: try BulkDecoder.date(columns, 3, "observed-on date of \(ref)"),
                stance: try BulkDecoder.stance(columns, 2, of: ref)))
            commitments.append(commitment)
            counts[commitment + 1] += 1
        }
        // A stable counting sort by commitment: each commitment's pieces stay in ref order.
        for number in counts.indices.dropFirst() {
            counts[number] += counts[number - 1]
        }
        starts = counts
        var next = counts
        var grouped = read
        for (piece, commitment) in zip(read, commitments) {
            grouped[next[commitment]] = piece
            next[commitment] += 1
        }
        pieces = grouped
    }

    /// The evidence on `commitment` that `listing` accepts, given each piece's ref and observed day, by stance.
    func evidence(
        of commitment: CommitmentRef, listing: (EvidenceRef, CalendarDate) -> Bool
    ) -> ComplianceReport.EvidenceRefs {
        var evidence = ComplianceReport.EvidenceRefs()
        let number = commitment.number
        guard number >= 0, number + 1 < starts.count else { return evidence }
        for piece in pieces[starts[number]..<starts[number + 1]] where listing(piece.ref, piece.observedOn) {
            evidence.append(piece.ref, piece.stance)
        }
        return evidence
    }
}

/// Rows read in the order of an ascending key, handed out a key's worth at a time to a reader that goes
/// through the keys in the same order: a merge of two sorted reads, where a dictionary would hash every key
/// twice.
private struct GroupedRows<Value> {
    private var rows: [(key: Int, value: Value)] = []
    private var next = 0

    /// Adds a row; keys must come in ascending order.
    mutating func append(_ value: Value, to key: Int) {
        rows.append((key, value))
    }

    /// The values of `key`, in the order they were added; keys must be asked for in ascending order.
    /// Rows of keys skipped over are dropped.
    mutating func take(_ key: Int) -> [Value] {
        while next < rows.count, rows[next].key < key {
            next += 1
        }
        var values: [Value] = []
        while next < rows.count, rows[next].key == key {
            values.append(rows[next].value)
            next += 1
        }
        return values
    }
}

/// A source version, the key of the text hashes a bulk read has seen.
private struct TextKey: Hashable {
    var source: Int
    var version: Int
}

/// A text hash a bulk read has seen: as stored, and parsed.
private struct KnownText {
    var hex: [UInt8]
    var hash: SHA256Hash

    /// Whether `stored` is this hash as stored, byte for byte: a row stored with another is parsed anew.
    func holdsHex(_ stored: UnsafeBufferPointer<UInt8>) -> Bool {
        hex.withUnsafeBufferPointer { $0.holdsSameBytes(as: stored) }
    }
}

/// The columns of the row a statement stands on, read through SQLite's C API: over a million rows, GRDB's
/// generic `Row` subscripts spend more time in generic dispatch than SQLite spends reading.
///
/// Valid only while the statement stands on the row, as GRDB's cursor rows are.
struct StatementColumns {
    private let statement: SQLiteStatement

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    func int(_ index: Int32) -> Int {
        Int(sqlite3_column_int64(statement, index))
    }

    func text(_ index: Int32) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    func optionalText(_ index: Int32) -> String? {
        isNull(index) ? nil : text(index)
    }

    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// Calls `body` with the UTF-8 bytes of the text in column `index` (empty for NULL).
    func withBytes<Result>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = sqlite3_column_text(statement, index)  // Before `bytes`, as SQLite's documentation asks.
        let count = Int(sqlite3_column_bytes(statement, index))
        return try body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : count))
    }

    /// Whether column `index` holds a blob (not text, a number or NULL).
    func isBlob(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_BLOB
    }

    func isText(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_TEXT
    }

    /// Calls `body` with the bytes of the blob in column `index` (empty for NULL).
    func withBlob<Result>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let start = sqlite3_column_blob(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        return try body(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
    }
}
