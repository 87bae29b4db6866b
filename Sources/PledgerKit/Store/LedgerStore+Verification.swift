import Foundation
import GRDB

extension LedgerStore {
    /// Checks the whole ledger and returns every problem found; an empty result means it is intact.
    ///
    /// 1. Every entry's body is canonical JSON whose index, kind, author and time match its row, and whose
    ///    recomputed leaf hash matches the stored one.
    /// 2. The Merkle tree head recomputed over all leaves matches the stored head.
    /// 3. Replaying the log into a fresh in-memory projection gives the stored tables, row by row, and every
    ///    entry keeps the rules the actions keep (see `EntryRules`).
    /// 4. Every source text matches its hash and every quote anchor matches its text.
    public func verify() throws -> [VerificationProblem] {
        try verification().problems
    }

    /// Checks the whole ledger as ``verify()`` does, and says how many entries the check covered: entries
    /// appended while it ran are not among them.
    public func verification() throws -> Verification {
        try read { db in
            var problems: [VerificationProblem] = []
            problems += try Self.checkFileStructure(db)
            problems += try Self.checkSchema(db)
            let (entries, entryProblems) = try Self.checkEntries(db)
            problems += entryProblems
            let leafHashes = entries.map(\.leafHash)
            let logRoot = MerkleTree.root(ofLeafHashes: leafHashes)  // Once: a large log has a million leaves.
            problems += try Self.checkHead(logRoot: logRoot, entryCount: leafHashes.count, db)
            problems += try Self.checkTreeNodes(leafHashes: leafHashes, db)
            problems += try Self.checkRecordedCheckpoints(leafHashes: leafHashes, db)
            if entryProblems.isEmpty {
                problems += try Self.compareWithReplay(of: entries, db)
            } else {
                problems.append(VerificationProblem(
                    location: "projection", message: "not compared with a replay, because the log itself is damaged"))
            }
            problems += try Self.checkSourceTexts(db)
            problems += try Self.checkAnchors(db)
            return Verification(problems: problems, entryCount: entries.count, rootHash: logRoot)
        }
    }

    /// SQLite's own check of the file's structure (`PRAGMA quick_check`): every page of every table and index
    /// is well formed. Damage to a page no other check reads — an index, say — would otherwise pass, and
    /// surface later as "malformed" in another command.
    private static func checkFileStructure(_ db: Database) throws -> [VerificationProblem] {
        let findings = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard findings != ["ok"] else { return [] }
        return findings.map { finding in
            // The first finding names the database it is in ("*** in database main ***") on a line of its own.
            let message = finding.split(separator: "\n").filter { !$0.hasPrefix("*** in database") }.joined(separator: " ")
            return VerificationProblem(location: "SQLite file", message: "\(message); restore the file from a backup, or import an export")
        }
    }

    private static func checkSchema(_ db: Database) throws -> [VerificationProblem] {
        let applied = try Migrations.migrator.completedMigrations(db)
        guard applied == Migrations.migrator.migrations else {
            return [VerificationProblem(
                location: "table grdb_migrations",
                message: "lists \(applied) but this ledger format has \(Migrations.migrator.migrations)")]
        }
        return try checkAppendOnlyTriggers(db)
    }

    /// Checks that the triggers that keep the log append-only are there, as this format creates them
    /// (compared with runs of whitespace folded): without them SQLite lets anyone change an entry in place.
    private static func checkAppendOnlyTriggers(_ db: Database) throws -> [VerificationProblem] {
        func folded(_ sql: String) -> String {
            sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var problems: [VerificationProblem] = []
        for trigger in Migrations.appendOnlyTriggers {
            let stored = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [trigger.name])
            guard stored.map(folded) != folded(trigger.sql) else { continue }
            let state = stored == nil ? "is missing" : "is not the one this ledger format defines"
            problems.append(VerificationProblem(
                location: "trigger \(trigger.name)",
                message: "\(state), so entries can be changed or deleted in place; `pledger repair --rebuild-projection` restores it"))
        }
        return problems
    }

    static func checkEntries(_ db: Database) throws -> ([LedgerEntry], [VerificationProblem]) {
        var entries: [LedgerEntry] = []
        var problems: [VerificationProblem] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, kind, recorded_at, author, body, leaf_hash FROM entry ORDER BY seq")
        var expectedSeq = 0
        while let row = try rows.next() {
            let seq: Int = try row.stored("seq", of: "an entry")
            let location = "entry \(seq)"
            if seq != expectedSeq {
                problems.append(VerificationProblem(location: location, message: "expected entry \(expectedSeq) here; the log has a gap"))
                expectedSeq = seq
            }
            expectedSeq += 1
            guard let body = Data.fromDatabaseValue(row["body"]) else {
                problems.append(VerificationProblem(location: location, message: "body is missing"))
                continue
            }
            let entry: LedgerEntry
            do {
                entry = try LedgerEntry(body: Array(body))
            } catch {
                problems.append(VerificationProblem(location: location, message: error.description))
                continue
            }
            let storedLeaf = Data.fromDatabaseValue(row["leaf_hash"]).flatMap { SHA256Hash(bytes: $0) }
            if storedLeaf != entry.leafHash {
                problems.append(VerificationProblem(
                    location: location,
                    message: "stored leaf hash \(storedLeaf?.hex ?? "(unreadable)") differs from the recomputed \(entry.leafHash.hex)"))
            }
            let columns: [(String, String?, String)] = [
                ("kind", String.fromDatabaseValue(row["kind"]), entry.event.kind.rawValue),
                ("recorded_at", String.fromDatabaseValue(row["recorded_at"]), entry.recordedAt),
                ("author", String.fromDatabaseValue(row["author"]), entry.author),
            ]
            for (column, stored, expected) in columns where stored != expected {
                problems.append(VerificationProblem(
                    location: location,
                    message: "column \(column) is \(stored.map { "'\($0)'" } ?? "NULL or not text") but the entry body says '\(expected)'"))
            }
            if entry.index != seq {
                problems.append(VerificationProblem(location: location, message: "body says index \(entry.index)"))
            }
            entries.append(entry)
        }
        return (entries, problems)
    }

    /// Compares the stored head with the log's `entryCount` entries, whose root is `logRoot`.
    static func checkHead(logRoot root: SHA256Hash, entryCount: Int, _ db: Database) throws -> [VerificationProblem] {
        let head: LedgerHead
        do {
            head = try LedgerHead.fetchChecked(db)
        } catch let damage as LedgerHead.Damage {
            let advice = damage.root == root ? "; its root is the log's, so `pledger repair --rebuild-projection` rebuilds it" : ""
            return [VerificationProblem(location: "ledger head", message: "is damaged (\(damage.reason))\(advice)")]
        } catch {
            return [VerificationProblem(location: "ledger head", message: "\(error)")]
        }
        var problems: [VerificationProblem] = []
        if head.size != entryCount {
            problems.append(VerificationProblem(
                location: "ledger head", message: "records \(head.size) entries but the log holds \(entryCount)"))
        }
        if head.rootHash != root {
            problems.append(VerificationProblem(
                location: "ledger head", message: "root hash \(head.rootHash.hex) differs from the recomputed \(root.hex)"))
        }
        if head.frontier.root != head.rootHash {
            problems.append(VerificationProblem(location: "ledger head", message: "the stored frontier does not give the stored root"))
        }
        return problems
    }

    private static func compareWithReplay(of entries: [LedgerEntry], _ db: Database) throws -> [VerificationProblem] {
        // Each entry is held to the rules the actions keep, against the projection of the entries before it.
        var broken: [VerificationProblem] = []
        let replay = try LedgerStore.replay(entries) { entry, _, replayDB in
            if let rule = try EntryRules.violation(of: entry, in: replayDB) {
                broken.append(VerificationProblem(location: "entry \(entry.index)", message: rule))
            }
        }
        return try replay.read { replayDB in
            var problems = broken
            // The FTS5 shadow tables too: their layout follows entry boundaries, so a replay reproduces them exactly.
            for (table, orderBy) in Migrations.projectionTables + SearchIndex.shadowTables {
                // Rows compare cell by cell only when the table has the columns a replay gives it.
                let storedColumns = try db.columns(in: table).map(\.name)
                let replayedColumns = try replayDB.columns(in: table).map(\.name)
                guard storedColumns == replayedColumns else {
                    problems.append(VerificationProblem(
                        location: "table \(table)",
                        message: "has the columns \(storedColumns.joined(separator: ", ")) where this version's format has \(replayedColumns.joined(separator: ", "))"))
                    continue
                }
                let sql = "SELECT * FROM \(table) ORDER BY \(orderBy)"
                let stored = try Row.fetchAll(db, sql: sql)
                let replayed = try Row.fetchAll(replayDB, sql: sql)
                let keyColumns = orderBy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                problems += rowDifferences(table: table, keyColumns: keyColumns, stored: stored, replayed: replayed)
            }
            return problems
        }
    }

    private static func rowDifferences(table: String, keyColumns: [String], stored: [Row], replayed: [Row])
        -> [VerificationProblem]
    {
        // The common case — an intact table — needs no per-column work.
        if stored == replayed {
            return []
        }
        func key(_ row: Row) -> [DatabaseValue] { keyColumns.map { row[$0] } }
        let storedByKey = Dictionary(stored.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let replayedKeys = Set(replayed.map(key))
        var problems: [VerificationProblem] = []
        for replayedRow in replayed {
            let location = "table \(table), row \(describeKey(of: replayedRow, ordering: keyColumns))"
            guard let storedRow = storedByKey[key(replayedRow)] else {
                problems.append(VerificationProblem(location: location, message: "is missing, though the log records it"))
                continue
            }
            let differing = replayedRow.columnNames.filter { storedRow[$0] as DatabaseValue != replayedRow[$0] as DatabaseValue }
            guard !differing.isEmpty else { continue }
            let detail = differing.map { column in
                describeDifference(in: column, stored: storedRow[column], replayed: replayedRow[column])
            }
            problems.append(VerificationProblem(location: location, message: detail.joined(separator: "; ")))
        }
        for storedRow in stored where !replayedKeys.contains(key(storedRow)) {
            problems.append(VerificationProblem(
                location: "table \(table), row \(describeKey(of: storedRow, ordering: keyColumns))", message: "is not produced by any ledger entry"))
        }
        return problems
    }

    /// The row's identity: its key columns, or — for a table without them, such as the search index's — the
    /// columns the comparison orders it by.
    private static func describeKey(of row: Row, ordering: [String]) -> String {
        let keyColumns = ["id", "slug", "source_id", "version", "commitment_id", "assessment_id", "position", "tag"]
        var named = keyColumns.filter { row.hasColumn($0) }
        if named.isEmpty {
            named = ordering.filter { row.hasColumn($0) }
        }
        var parts = named.map { "\($0)=\(shown(row[$0]))" }
        if row.hasColumn("entry_seq") {
            parts.append("from entry \(row["entry_seq"] as DatabaseValue)")
        }
        return parts.joined(separator: " ")
    }

    /// How a cell's stored value differs from the replay's: both shown whole (see ``shown(_:)``) — or, for two
    /// texts either of which is too long to show whole, an excerpt of each around the first code point at
    /// which they differ, which the message names: cut at the same place, long texts would look the same.
    private static func describeDifference(in column: String, stored: DatabaseValue, replayed: DatabaseValue) -> String {
        guard case .string(let storedText) = stored.storage, case .string(let replayedText) = replayed.storage,
            storedText.count > shownTextLimit || replayedText.count > shownTextLimit
        else {
            return "column \(column) is \(shown(stored)) but the log gives \(shown(replayed))"
        }
        let offset = zip(storedText.unicodeScalars, replayedText.unicodeScalars).prefix { $0 == $1 }.count
        return "column \(column) differs at code point \(offset): it is \(excerpt(of: storedText, around: offset)) but the log gives \(excerpt(of: replayedText, around: offset))"
    }

    /// The longest text a problem shows whole, in characters.
    private static let shownTextLimit = 60

    /// `text` quoted, cut to the code points around `offset`: 20 before it and 40 from it, with "…" where cut.
    private static func excerpt(of text: String, around offset: Int) -> String {
        let scalars = text.unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: max(0, offset - 20), limitedBy: scalars.endIndex) ?? scalars.endIndex
        let end = scalars.index(start, offsetBy: min(offset, 20) + 40, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let cut = String(String.UnicodeScalarView(scalars[start..<end]))
        return "\"\(start > scalars.startIndex ? "…" : "")\(cut)\(end < scalars.endIndex ? "…" : "")\""
    }

    /// A stored value as a problem shows it: a blob as hex (its first 16 bytes), text quoted and cut at 60
    /// characters, a number as it is.
    private static func shown(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .blob(let data):
            let hex = data.prefix(16).map { String(format: "%02x", $0) }.joined()
            return "X'\(hex)\(data.count > 16 ? "…" : "")' (\(data.count) bytes)"
        case .string(let text):
            return "\"\(text.count > shownTextLimit ? String(text.prefix(shownTextLimit)) + "…" : text)\""
        default:
            return "\(value)"
        }
    }

    private static func checkSourceTexts(_ db: Database) throws -> [VerificationProblem] {
        var problems: [VerificationProblem] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT source_id, version, text, text_sha256 FROM source_version ORDER BY source_id, version")
        while let row = try rows.next() {
            // Read as stored values, never trapping: this is where a damaged row must be reported.
            let location = "source S\(row["source_id"] as DatabaseValue) v\(row["version"] as DatabaseValue)"
            guard let text = String.fromDatabaseValue(row["text"]) else {
                problems.append(VerificationProblem(location: location, message: "text is missing or not UTF-8 text"))
                continue
            }
            let stored = String.fromDatabaseValue(row["text_sha256"]) ?? "(missing)"
            let actual = SHA256Hash.digest(of: Array(text.utf8))
            if actual.hex != stored {
                problems.append(VerificationProblem(
                    location: location, message: "text hashes to \(actual.hex), not the recorded \(stored)"))
            }
        }
        return problems
    }

    private static func checkAnchors(_ db: Database) throws -> [VerificationProblem] {
        var problems: [VerificationProblem] = []
        let owners = try Row.fetchAll(
            db,
            sql: """
                SELECT 'C' || id AS owner, quote_id FROM commitment
                UNION ALL SELECT 'E' || id, quote_id FROM evidence
                ORDER BY quote_id
                """)
        // Each source version is decoded once, however many quotes point into it.
        var texts: [String: Result<CanonicalText, VerificationProblem>] = [:]
        for owner in owners {
            let label = String.fromDatabaseValue(owner["owner"]) ?? "(unknown owner)"
            // A damaged anchor row is reported here, and by the comparison with the replayed tables.
            let quote: AnchoredQuote
            do {
                guard let quoteID = Int64.fromDatabaseValue(owner["quote_id"]) else {
                    throw LedgerStore.damaged("quote_id of \(label)")
                }
                quote = try fetchQuote(id: quoteID, in: db)
            } catch let error as PledgerError {
                // Without the advice to run verify: this is verify.
                let message = error.description.replacingOccurrences(of: "; run `pledger verify`", with: "")
                problems.append(VerificationProblem(location: "quote of \(label)", message: message))
                continue
            }
            let key = "\(quote.source) v\(quote.version)"
            if texts[key] == nil {
                texts[key] = try loadText(of: quote, in: db)
            }
            let canonical: CanonicalText
            switch texts[key] {
            case .success(let text)?:
                canonical = text
            case .failure(let problem)?:
                problems.append(VerificationProblem(location: "quote of \(label)", message: problem.message))
                continue
            case nil:
                continue
            }
            for problem in quote.anchor.check(against: canonical) {
                problems.append(VerificationProblem(location: "quote of \(label) in \(quote.source)", message: problem.description))
            }
        }
        return problems
    }

    private static func loadText(of quote: AnchoredQuote, in db: Database) throws -> Result<CanonicalText, VerificationProblem> {
        guard
            let text = try String.fetchOne(
                db, sql: "SELECT text FROM source_version WHERE source_id = ? AND version = ?",
                arguments: [quote.source.number, quote.version])
        else {
            return .failure(VerificationProblem(location: "\(quote.source)", message: "source \(quote.source) v\(quote.version) is missing"))
        }
        do {
            return .success(try CanonicalText(decoding: Array(text.utf8)))
        } catch {
            return .failure(VerificationProblem(location: "\(quote.source)", message: "its source text is unreadable: \(error)"))
        }
    }
}
