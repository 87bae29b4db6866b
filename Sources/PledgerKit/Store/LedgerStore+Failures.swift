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
        case .SQLITE_FULL:
            return .ledgerUnavailable(
                "could not write \(path): the disk is full or a file size limit was reached (\(detail)); free some space and try again (nothing was written)")
        case .SQLITE_IOERR:
            // Also a full disk or a file size limit, as often as a failing disk or a network file system.
            return .ledgerUnavailable(
                "could not read or write \(path): an input/output error (\(detail)); the disk may be full, a file size limit reached (ulimit -f) or the disk failing — check them and try again (nothing was written)")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .ledgerUnavailable(
                "\(path) is damaged (\(detail)); restore it from a backup, or import an export into a new path")
        case .SQLITE_CANTOPEN:
            return .ledgerUnavailable("cannot open \(path) (\(detail)); check that the path and its folder exist and are readable")
        default:
            return .ledgerUnavailable("\(path): \(detail)")
        }
    }

    /// The refusal for a stored value that does not decode: `what` names it.
    static func damaged(_ what: String) -> PledgerError {
        PledgerError.ledgerUnavailable("the stored \(what) is damaged; run `pledger verify`")
    }
}

extension PledgerError {
    /// Whether `error` is the ledger file's failure — it is unavailable or damaged, or SQLite failed on it —
    /// rather than the input's: an import keeps what it committed, and blames no row, for such a failure.
    public static func isLedgerFailure(_ error: any Error) -> Bool {
        if error is DatabaseError {
            return true
        }
        if case .ledgerUnavailable? = error as? PledgerError {
            return true
        }
        return false
    }
}

extension Row {
    /// The value stored in `column`, converted to `Value`; or, when the stored value does not convert (a table
    /// edited behind the ledger's back), the refusal that names it and says to run `pledger verify`.
    ///
    /// GRDB's subscript stops the process on such a value, so the ledger's reads of stored rows go through
    /// this instead: a damaged ledger gets a message, never a crash.
    ///
    /// - Parameters:
    ///   - column: the column's name.
    ///   - owner: what the row records, such as `commitment C1`, for the message.
    func stored<Value: DatabaseValueConvertible>(
        _ column: String, of owner: @autoclosure () -> String, as type: Value.Type = Value.self
    ) throws -> Value {
        assert(hasColumn(column), "no column \(column) in the row; an optional read would pass it as NULL")
        do {
            return try decode(type, forColumn: column)
        } catch {
            throw LedgerStore.damaged("\(column) of \(owner())")
        }
    }
}
