import Foundation
import PledgerKit

/// The repository's `fixtures/` folder and the seed case in it.
public enum Fixtures {
    /// The package root, found from this file's path.
    public static let packageRoot = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `fixtures/seed-case`.
    public static let seedCaseFolder = packageRoot.appending(path: "fixtures/seed-case")

    /// The Daily Caller article of 16 April 2024 on the House report.
    public static let dailyCallerFile = "dailycaller-2024-04-16-no-evidence.txt"
    /// The Hill article of 4 August 2023 on the lawmakers' letter.
    public static let theHillFile = "thehill-2023-08-04-lawmakers-letter.txt"

    /// The bytes of a file in the seed case folder.
    public static func seedBytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: seedCaseFolder.appending(path: file)))
    }

    /// The seed case description.
    public static func seedCase() throws -> CaseFile {
        try JSONDecoder().decode(CaseFile.self, from: Data(contentsOf: seedCaseFolder.appending(path: "case.json")))
    }

    /// An in-memory ledger holding the whole seed case.
    public static func seedLedger(clock: @escaping @Sendable () -> Date = Date.init) throws -> LedgerStore {
        let store = try LedgerStore.inMemory(author: "fixture", clock: clock)
        try store.load(try seedCase(), sourceBytes: seedBytes)
        return store
    }
}
