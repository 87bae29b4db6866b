import Foundation
import GRDB

extension LedgerStore {
    /// Calls `body` with every entry from index `start` on, in order, streaming from one snapshot.
    ///
    /// - Returns: the ledger head in that snapshot, or `nil` when it is damaged: what the entries should match.
    /// - Throws: ``PledgerError/ledgerUnavailable(_:)`` naming an entry whose body does not decode, or the
    ///   ledger file that SQLite cannot read (a damaged page, say).
    @discardableResult
    public func forEachEntry(from start: Int = 0, _ body: (LedgerEntry) throws -> Void) throws -> LedgerHead? {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, body FROM entry WHERE seq >= ? ORDER BY seq", arguments: [start])
            while let row = try rows.next() {
                let seq: Int = try row.stored("seq", of: "an entry")
                let entry: LedgerEntry
                do {
                    entry = try LedgerEntry(body: Array(try row.stored("body", of: "entry \(seq)", as: Data.self)))
                } catch let error as PledgerError {
                    throw error
                } catch {
                    throw PledgerError.ledgerUnavailable("entry \(seq) does not decode (\(error)); run `pledger verify`")
                }
                try body(entry)
            }
            return try? LedgerHead.fetchChecked(db)  // As stored, even when it disagrees with the log.
        }
    }

    /// What an import did.
    public struct ImportOutcome: Sendable, Hashable {
        /// Entries already in the ledger and matched against the file's first lines (resumed imports only).
        public var skipped: Int
        /// Entries appended.
        public var imported: Int
        /// The ledger's head afterwards.
        public var head: LedgerHead
    }

    /// Replays JSON Lines of canonical entries (as `pledger export` writes them) into this ledger.
    ///
    /// Each line must be one entry in RFC 8785 canonical form, with indexes counting up from the ledger's
    /// current size. Entries are appended in batches of `batchSize`, each its own transaction, so an import
    /// that is interrupted leaves a valid prefix that `resume` continues: the lines the ledger already holds
    /// are checked against its leaf hashes and skipped. Without `resume`, the ledger must be empty.
    /// - Parameter progress: called after each batch with the number of lines handled so far.
    /// - Throws: ``ImportStopped`` at a line that is not an entry, saying how many entries stay imported;
    ///   ``PledgerError`` for an entry out of order or against the rules, or a ledger that cannot take it.
    public func importJSONLines(
        _ lines: inout LineReader, resume: Bool, batchSize: Int = 2_000, progress: (Int) -> Void = { _ in }
    ) throws -> ImportOutcome {
        let startSize = try head().size
        if startSize > 0 && !resume {
            throw PledgerError.conflict(
                "the ledger already holds \(startSize) entries; import into a new ledger path, or pass --resume to continue an interrupted import")
        }
        var storedLeaves = StoredLeafHashes(store: self, count: startSize)
        var batch: [LedgerEntry] = []
        var skipped = 0
        var imported = 0
        var expectedIndex = 0
        while let line = lines.next() {
            let lineNumber = lines.lineNumber
            if line.isEmpty { continue }
            let entry: LedgerEntry
            do {
                entry = try LedgerEntry(body: line)
            } catch {
                // The batch this line was to join is not committed: what stays is what earlier batches wrote.
                throw ImportStopped(line: lineNumber, reason: "\(error)", imported: imported)
            }
            guard entry.index == expectedIndex else {
                throw PledgerError.invalidInput(
                    "line \(lineNumber) holds entry \(entry.index) but entry \(expectedIndex) was expected; the file is not a whole export")
            }
            expectedIndex += 1
            if entry.index < startSize {
                guard try storedLeaves.hash(at: entry.index) == entry.leafHash else {
                    throw PledgerError.conflict(
                        "line \(lineNumber) (entry \(entry.index)) differs from the entry the ledger already holds; this ledger is not an earlier import of this file")
                }
                skipped += 1
                continue
            }
            batch.append(entry)
            if batch.count >= batchSize {
                try importEntries(batch)
                imported += batch.count
                batch.removeAll(keepingCapacity: true)
                progress(skipped + imported)
            }
        }
        if lines.tooLong {
            throw PledgerError.invalidInput(
                "line \(lines.lineNumber + 1) is longer than \(LineReader.maximumLineLength >> 20) MiB; this is not a Pledger export")
        }
        if !batch.isEmpty {
            try importEntries(batch)
            imported += batch.count
            progress(skipped + imported)
        }
        if resume, skipped < startSize {
            // The file ended before the ledger's own entries did: the ledger holds more than this export.
            throw PledgerError.conflict(
                "the file holds \(Wording.entries(skipped)), and the ledger \(startSize) that begin with them: the ledger was added to after this export was made, so there is nothing to resume")
        }
        return ImportOutcome(skipped: skipped, imported: imported, head: try head())
    }
}

/// The leaf hashes a ledger already holds, read in pages as a resumed import walks past them.
private struct StoredLeafHashes {
    let store: LedgerStore
    let count: Int
    private var page: [SHA256Hash] = []
    private var pageStart = 0
    private static let pageSize = 10_000

    init(store: LedgerStore, count: Int) {
        self.store = store
        self.count = count
    }

    mutating func hash(at index: Int) throws -> SHA256Hash? {
        if index < pageStart || index >= pageStart + page.count {
            pageStart = index
            page = try store.read { db in
                try Data.fetchAll(
                    db, sql: "SELECT leaf_hash FROM entry WHERE seq >= ? ORDER BY seq LIMIT ?",
                    arguments: [index, Self.pageSize]
                ).compactMap { SHA256Hash(bytes: $0) }
            }
        }
        let offset = index - pageStart
        return offset < page.count ? page[offset] : nil
    }
}

/// An import that stopped at a line of its input that is not an entry.
public struct ImportStopped: Error, Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// What is wrong with it.
    public var reason: String
    /// The entries this import appended before it stopped, in whole batches: the batch the line was to
    /// join was not committed. Zero when nothing was kept.
    public var imported: Int

    /// Creates the error.
    public init(line: Int, reason: String, imported: Int) {
        self.line = line
        self.reason = reason
        self.imported = imported
    }

    public var description: String {
        let kept = imported == 0
            ? "nothing was imported"
            : "the \(Wording.entries(imported)) imported in whole batches before it stay; fix the line and run the same import with --resume"
        return "line \(line): \(reason); \(kept)"
    }
}
