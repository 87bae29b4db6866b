import ArgumentParser
import Foundation
import PledgerKit

/// Where the ledger is: the option every command that reads a ledger takes.
struct LedgerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The ledger file. Defaults to $PLEDGER_DB, else ./pledger.sqlite.", valueName: "path"))
    var db: String?

    /// The ledger path after applying the environment fallback.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["PLEDGER_DB"] ?? "pledger.sqlite"
    }

    /// Opens the existing ledger to read it, writing nothing to it; it has no author, so it refuses to append.
    func openStore() throws -> LedgerStore {
        try LedgerStore.openForReading(at: path, clock: Self.clock)
    }

    /// Opens the existing ledger to rewrite its projection, which records no entry and so needs no author.
    func openStoreForRepair() throws -> LedgerStore {
        try LedgerStore.open(at: path, author: "", clock: Self.clock)
    }

    /// The current time, or `SOURCE_DATE_EPOCH` when set, for reproducible ledgers: whole seconds since 1970,
    /// as the variable's specification says, up to the end of the year 9999 (times an entry can record as
    /// `YYYY-MM-DDTHH:MM:SSZ`). Any other value is ignored.
    static let clock: @Sendable () -> Date = {
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap({ Int64($0) }),
            (0...253_402_300_799).contains(epoch)
        {
            return Date(timeIntervalSince1970: TimeInterval(epoch))
        }
        return Date()
    }
}

/// Where the ledger is and who is writing to it: the options of every command that appends entries.
struct WriterOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Who is recorded as the author of new entries. Defaults to $PLEDGER_AUTHOR, else $USER; with none of them, writing is refused.",
            valueName: "name"))
    var author: String?

    /// The ledger path after applying the environment fallback.
    var path: String { ledger.path }

    /// The author: `--as` as given (an empty one is refused when writing), else the first of
    /// `$PLEDGER_AUTHOR` and `$USER` that is set, else none — and the store refuses to write.
    var resolvedAuthor: String {
        if let author {
            return author.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let environment = ProcessInfo.processInfo.environment
        return [environment["PLEDGER_AUTHOR"], environment["USER"]]
            .compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty } ?? ""
    }

    /// Opens the existing ledger to append to it as ``resolvedAuthor``.
    func openStore() throws -> LedgerStore {
        try LedgerStore.open(at: path, author: resolvedAuthor, clock: LedgerOptions.clock)
    }

    /// Creates a new ledger.
    func createStore(label: String?) throws -> LedgerStore {
        try LedgerStore.create(at: path, author: resolvedAuthor, label: label, clock: LedgerOptions.clock)
    }
}
