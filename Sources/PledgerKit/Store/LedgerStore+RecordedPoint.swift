import GRDB

/// A point in the log's recorded order: the second of Pledger's two clocks (the first being effective dates).
///
/// `report --as-recorded 12` reads the ledger as it stood when it held 12 entries; `--as-recorded 2024-05-01`
/// as it stood at the end of that UTC day.
public enum RecordedPoint: Hashable, Sendable {
    /// The first `n` entries.
    case entryCount(Int)
    /// The entries recorded up to the end of this UTC day, in recorded order.
    case endOfDay(CalendarDate)

    /// Parses a positive entry count (`12`) or a day (`2024-05-01`).
    public init(validating text: String) throws(PledgerError) {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]  // "-1" is a mistaken count, not a day.
        if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
            guard let count = Int(text), count > 0 else {
                throw .invalidInput("entry count '\(text)' is not valid; pass a number of entries from 1, or a day as YYYY-MM-DD")
            }
            self = .entryCount(count)
            return
        }
        do {
            self = .endOfDay(try CalendarDate(validating: text))
        } catch {
            throw .invalidInput("'\(text)' is neither an entry count nor a day; pass a number such as 12 or a date such as 2024-05-01")
        }
    }
}

extension LedgerStore {
    /// How many entries the log held at the end of the UTC day `day`: the length of the longest run of leading
    /// entries recorded on or before that day. An entry recorded later (or with a clock that went backwards)
    /// ends the run, since a log is read in recorded order.
    ///
    /// Throws when no entry had been recorded by then.
    public func entryCount(recordedThrough day: CalendarDate) throws -> Int {
        let (count, first) = try read { db in
            let firstLater = try Int.fetchOne(
                db, sql: "SELECT MIN(seq) FROM entry WHERE substr(recorded_at, 1, 10) > ?", arguments: [day.description])
            let size = try LedgerHead.fetch(db).size
            let first = try String.fetchOne(db, sql: "SELECT recorded_at FROM entry ORDER BY seq LIMIT 1")
            return (firstLater ?? size, first)
        }
        guard count > 0 else {
            let start = first.map { "; its first entry was recorded at \($0)" } ?? ""
            throw PledgerError.invalidInput("the ledger held no entries at the end of \(day)\(start); pass a later day")
        }
        return count
    }

    /// The UTC day on which the ledger came to hold `count` entries: the day its entry `count - 1` was
    /// recorded. What an `--as-recorded N` report is computed as of, unless an as-of day is given.
    func dayRecorded(entryCount count: Int) throws -> CalendarDate {
        let recordedAt = try read { db in
            try String.fetchOne(db, sql: "SELECT recorded_at FROM entry WHERE seq = ?", arguments: [count - 1])
        }
        guard let recordedAt, let day = try? CalendarDate(validating: String(recordedAt.prefix(10))) else {
            throw Self.damaged("recorded time of entry \(count - 1)")
        }
        return day
    }

    /// The entry count that `point` names, checked against the ledger's size.
    public func entryCount(at point: RecordedPoint) throws -> Int {
        switch point {
        case .entryCount(let count):
            try Self.requireEntryCount(count, in: try head().size)
            try read { db in try Self.requireWholeRevision(endingBefore: count, named: "entry count \(count)", in: db) }
            return count
        case .endOfDay(let day):
            // A revision's entries are stamped one by one, so one can straddle midnight UTC.
            let count = try entryCount(recordedThrough: day)
            try read { db in try Self.requireWholeRevision(endingBefore: count, named: "the end of \(day) (entry count \(count))", in: db) }
            return count
        }
    }

    /// Refuses an entry count that ends inside a source revision: `source revise` records the new version and
    /// then one `anchor.moved` entry per quote it re-anchored, in one transaction, so the ledger never held the
    /// revision without its moves — read so, every quote on the source would look orphaned.
    static func requireWholeRevision(endingBefore count: Int, named point: String, in db: Database) throws {
        let nextKind = try String.fetchOne(db, sql: "SELECT kind FROM entry WHERE seq = ?", arguments: [count])
        guard nextKind == EntryKind.anchorMoved.rawValue else { return }
        let revision = try Int.fetchOne(
            db, sql: "SELECT MAX(seq) FROM entry WHERE seq < ? AND kind = ?",
            arguments: [count, EntryKind.sourceRevised.rawValue]) ?? 0
        let end = try Int.fetchOne(
            db, sql: "SELECT MIN(seq) FROM entry WHERE seq > ? AND kind <> ?",
            arguments: [count, EntryKind.anchorMoved.rawValue]) ?? LedgerHead.fetch(db).size
        throw PledgerError.invalidInput(
            "\(point) ends inside a source revision (entries \(revision + 1)–\(end)), which recorded the new version and re-anchored its quotes as one action; pass --as-recorded \(revision) or \(end)")
    }

    /// Refuses an entry count that is not between 1 and `size`, the number of entries the ledger holds.
    static func requireEntryCount(_ count: Int, in size: Int) throws {
        guard size > 0 else {
            throw PledgerError.invalidInput("the ledger holds no entries yet, so it has no earlier state to read")
        }
        guard (1...size).contains(count) else {
            throw PledgerError.invalidInput("the ledger holds \(Wording.entries(size)); pass an entry count from 1 to \(size)")
        }
    }
}
