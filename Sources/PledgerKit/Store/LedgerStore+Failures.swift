import GRDB

extension LedgerStore {
    /// Turns an SQLite failure into a message that says what went wrong with the ledger file and what to do.
    /// SQLite rolls back the transaction in each case, so the message can promise that nothing was written.
    static func failure(_ error: DatabaseError, path: String) -> PledgerError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .ledgerUnavailable(
                "\(path) stayed locked by another writer for 30 s; try again (nothing was written)")
        case .SQLITE_READONLY, .SQLITE_PERM:
            return .ledgerUnavailable(
                "\(path) is read-only (\(detail)); make the file and its folder writable to change it (nothing was written)")
        case .SQLITE_FULL, .SQLITE_IOERR:
            return .ledgerUnavailable(
                "could not write \(path): the disk is full or a file size limit was reached (\(detail)); free some space and try again (nothing was written)")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .ledgerUnavailable(
                "\(path) is damaged (\(detail)); restore it from a backup, or import an export into a new path")
        case .SQLITE_CANTOPEN:
            return .ledgerUnavailable("cannot open \(path) (\(detail)); check that the path and its folder exist and are readable")
        default:
            return .ledgerUnavailable("\(path): \(detail)")
        }
    }
}
