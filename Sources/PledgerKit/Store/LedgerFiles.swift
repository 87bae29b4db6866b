import Foundation

/// The files that make up one SQLite ledger on disk.
public enum LedgerFiles {
    /// Removes the ledger at `path` together with its WAL and shared-memory files, where they exist.
    public static func remove(at path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// The suffixes of the files SQLite keeps beside a database: its write-ahead log, its shared memory and
    /// its rollback journal.
    static let companionSuffixes = ["-wal", "-shm", "-journal"]

    /// Whether the file at `path` begins with SQLite's header string; `nil` when it cannot be read.
    static func startsLikeSQLite(_ path: String) -> Bool? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? nil  // A folder cannot be read: not a database either.
        return header == Data("SQLite format 3\u{0}".utf8)
    }

    /// Whether the file at `path` is an SQLite database — a ledger, most likely — or one of the files SQLite
    /// keeps beside one: a file that a report or an export must never replace.
    public static func isDatabaseOrCompanion(at path: String) -> Bool {
        if startsLikeSQLite(path) == true {
            return true
        }
        return companionSuffixes.contains { suffix in
            path.hasSuffix(suffix) && startsLikeSQLite(String(path.dropLast(suffix.count))) == true
        }
    }
}
