import GRDB

extension LedgerStore {
    /// Appends already built entries — such as the lines of an export — in one transaction, projecting each.
    ///
    /// The first entry's index must equal the ledger's current size and the rest must follow without gaps.
    /// Entries keep their own author and recorded-at time, so importing a whole log into an empty ledger
    /// reproduces its root hash. Each entry is checked first: its texts must be canonical and match their
    /// hashes, its quotes must be the characters at their offsets. A failure — or a projection failure, such as
    /// an entry naming an unknown actor — rolls the whole batch back.
    @discardableResult
    public func importEntries(_ entries: some Sequence<LedgerEntry>) throws -> LedgerHead {
        try write { db in
            var head = try LedgerHead.fetch(db)
            for entry in entries {
                try ImportValidator.check(entry, after: head, in: db)
                do {
                    head = try Self.record(entry, after: head, in: db)
                } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_CONSTRAINT {
                    // A constraint is the entry's fault (an unknown actor, say); any other failure, such as a
                    // full disk, is the ledger file's, and `write` says so.
                    throw PledgerError.invalidInput(
                        "entry \(entry.index) (\(entry.event.kind.rawValue)) does not apply to the ledger: \(error.message ?? error.description)")
                }
            }
            return head
        }
    }
}
