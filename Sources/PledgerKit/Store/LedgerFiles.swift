import Foundation

/// The files that make up one SQLite ledger on disk.
public enum LedgerFiles {
    /// Removes the ledger at `path` together with its WAL and shared-memory files, where they exist.
    public static func remove(at path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
