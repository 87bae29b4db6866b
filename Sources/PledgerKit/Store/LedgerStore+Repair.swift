import GRDB

extension LedgerStore {
    /// Rebuilds every projection table, and the tree head, from the log — the repair for a damaged or edited
    /// projection.
    ///
    /// The log must be intact: if any entry fails its checks, nothing is changed and the problems are thrown,
    /// since a projection cannot be trusted more than the log it comes from.
    /// - Returns: the number of entries replayed.
    @discardableResult
    public func rebuildProjection() throws -> Int {
        try write { db in
            let (entries, problems) = try Self.checkEntries(db)
            if let first = problems.first {
                throw PledgerError.ledgerUnavailable(
                    "the log itself is damaged (\(first)\(problems.count > 1 ? ", and \(problems.count - 1) more problems" : "")); restore the file from a backup or import an export instead")
            }
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            for table in Migrations.projectionTables.reversed() {
                try db.execute(sql: "DELETE FROM \(table.name)")
            }
            try db.execute(sql: "DELETE FROM ledger_head")
            try SearchIndex.recreate(in: db)
            var head = LedgerHead.empty
            for entry in entries {
                head.frontier.append(leafHash: entry.leafHash)
                try Projection.apply(entry, in: db)
            }
            head.size = entries.count
            head.rootHash = head.frontier.root
            try head.save(db)
            return entries.count
        }
    }
}
