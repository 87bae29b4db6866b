import Foundation
import GRDB
import GRDBSQLite

// How a ledger written by an older version is brought to this version's format when opened: in its file
// when that may be written, else in a read-only copy that leaves the file as it is.
extension LedgerStore {
    /// Whether the ledger `reader` opened needs migrating to this version's format; refuses a file that is
    /// not a ledger, or one a newer version wrote.
    static func needsMigration(_ reader: any DatabaseReader, at path: String) throws -> Bool {
        try reader.read { db in
            guard try db.tableExists("entry"), try db.tableExists("ledger_head") else {
                throw PledgerError.ledgerUnavailable("\(path) is not a Pledger ledger; pass --db with the path of a ledger made by `pledger init`")
            }
            if try Migrations.migrator.hasBeenSuperseded(db) {
                throw PledgerError.ledgerUnavailable("\(path) was written by a newer version of Pledger; upgrade pledger to read it")
            }
            return try !Migrations.migrator.hasCompletedMigrations(db)
        }
    }

    /// Upgrades the ledger `writer` opened to this version's format.
    ///
    /// Processes that open an older ledger at once all start the upgrade, and each migration runs in a
    /// transaction of its own, so all but the first find a migration done as they try it: a failed attempt is
    /// retried while another process is seen to have made progress, and is no failure once none is left.
    static func migrate(_ writer: any DatabaseWriter, at path: String) throws {
        do {
            var pending = try pendingMigrations(writer)
            while true {
                do {
                    try Migrations.migrator.migrate(writer)
                    return
                } catch let error as DatabaseError {
                    let left = try pendingMigrations(writer)
                    guard left < pending else { throw error }
                    pending = left
                    if left == 0 { return }
                }
            }
        } catch let error as DatabaseError {
            throw failure(error, path: path)
        } catch let error as LedgerFormatError {
            throw undecodableForUpgrade(path, error)
        }
    }

    /// How many of this version's migrations the ledger `reader` opened has not had.
    private static func pendingMigrations(_ reader: any DatabaseReader) throws -> Int {
        try reader.read { db in
            let applied = try Migrations.migrator.appliedIdentifiers(db)
            return Migrations.migrator.migrations.filter { !applied.contains($0) }.count
        }
    }

    /// Whether the ledger `writer` opened in an older format may be upgraded in its file: `openExisting`
    /// opened it for writing, which it never does for a file published read-only.
    static func canUpgradeInPlace(_ writer: any DatabaseWriter) throws -> Bool {
        try writer.read { db in sqlite3_db_readonly(db.sqliteConnection, "main") == 0 }
    }

    /// A copy of the ledger `reader` opened, upgraded to this version's format, for a file that may not be
    /// upgraded in place: it reads as the file would once upgraded, and refuses every write as the file would.
    ///
    /// The copy is made in a folder of this process's own (mode 0700) in the temporary directory, as large as
    /// the ledger and its upgrade's log, and opened read-only before the folder is removed, so that it goes
    /// when the store closes. A command killed while it copies leaves the folder behind.
    static func upgradedCopy(of reader: any DatabaseWriter, at path: String) throws -> DatabaseQueue {
        let temporary = FileManager.default.temporaryDirectory.path
        var template = Array((temporary + "/pledger-upgrade-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else {
            throw cannotCopy(path, into: temporary, String(cString: strerror(errno)))
        }
        let folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copyPath = folder + "/ledger.sqlite"
        do {
            let copy = try DatabaseQueue(path: copyPath, configuration: configuration)
            try reader.backup(to: copy)
            try reader.close()
            try Migrations.migrator.migrate(copy)  // No other process knows the copy: nothing to race.
            // A rollback journal, which a read-only connection needs no companion file for.
            let mode = try copy.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            guard mode == "delete" else {
                throw cannotCopy(path, into: temporary, "its journal mode stayed \(mode ?? "unknown")")
            }
            try copy.close()
            return try readOnlyQueue(path: copyPath)
        } catch let error as DatabaseError {
            throw cannotCopy(path, into: temporary, error.message ?? "\(error.resultCode)")
        } catch let error as LedgerFormatError {
            throw undecodableForUpgrade(path, error)
        }
    }

    /// The refusal to read `path`, a ledger in an older format that may not be upgraded in place, because its
    /// upgraded copy could not be made in the folder `temporary`.
    private static func cannotCopy(_ path: String, into temporary: String, _ detail: String) -> PledgerError {
        .ledgerUnavailable(
            "\(path) is in an older format and may not be upgraded in place, and its upgraded copy could not be made in \(temporary) (\(detail)); free space there or set TMPDIR to another folder, or make \(path) writable so that it is upgraded once")
    }

    /// The refusal to upgrade `path`, whose log holds an entry this version cannot decode.
    private static func undecodableForUpgrade(_ path: String, _ error: LedgerFormatError) -> PledgerError {
        .ledgerUnavailable(
            "\(path) needs an upgrade that replays its log, and an entry does not decode (\(error)); run `pledger verify` with the version of Pledger that wrote it")
    }
}
