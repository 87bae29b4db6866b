import ArgumentParser
import Foundation
import PledgerKit

/// Where the ledger is and who is writing to it; shared by every command.
struct LedgerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The ledger file. Defaults to $PLEDGER_DB, else ./pledger.sqlite.", valueName: "path"))
    var db: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Who is recorded as the author of new entries. Defaults to $PLEDGER_AUTHOR, else $USER.", valueName: "name"))
    var author: String?

    /// The ledger path after applying the environment fallback.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["PLEDGER_DB"] ?? "pledger.sqlite"
    }

    /// The author after applying the environment fallbacks.
    var resolvedAuthor: String {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [author, environment["PLEDGER_AUTHOR"], environment["USER"]]
        return candidates.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
            ?? "unknown"
    }

    /// Opens the existing ledger.
    func openStore() throws -> LedgerStore {
        try LedgerStore.open(at: path, author: resolvedAuthor, clock: Self.clock)
    }

    /// Creates a new ledger.
    func createStore(label: String?) throws -> LedgerStore {
        try LedgerStore.create(at: path, author: resolvedAuthor, label: label, clock: Self.clock)
    }

    /// The current time, or `SOURCE_DATE_EPOCH` when set, for reproducible ledgers.
    static let clock: @Sendable () -> Date = {
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
            return Date(timeIntervalSince1970: epoch)
        }
        return Date()
    }
}
