import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files that make up one SQLite ledger on disk.
public enum LedgerFiles {
    /// The folder a file at `path` would be in (`.` for a bare name), and whether it exists: where a new
    /// ledger or an output file is refused before anything is written.
    public static func folder(of path: String) -> (path: String, exists: Bool) {
        let folder = URL(filePath: path).deletingLastPathComponent().path
        let shown = folder.isEmpty ? "." : folder
        return (shown, FileManager.default.fileExists(atPath: shown))
    }

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
        header(of: path, count: 16).map { $0 == Data("SQLite format 3\u{0}".utf8) }
    }

    /// The first `count` bytes of the regular file at `path`, symbolic links followed (fewer when it is
    /// shorter); `nil` when it is not a regular file or cannot be read. Only regular files are opened: opening
    /// a FIFO to read would wait for a writer.
    private static func header(of path: String, count: Int) -> Data? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o170000 == 0o100000,  // S_IFMT, S_IFREG
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: count)) ?? Data()
    }

    /// Whether the file at `path` is an SQLite database — a ledger, most likely — or one of the files SQLite
    /// keeps beside one: a file that a report or an export must never replace. A write-ahead log or rollback
    /// journal is known by its own header, whatever its name; an empty or missing one by its name beside a
    /// database (compared without regard to letter case, as some file systems do).
    public static func isDatabaseOrCompanion(at path: String) -> Bool {
        if let header = header(of: path, count: 16) {
            let walMagic: [[UInt8]] = [[0x37, 0x7F, 0x06, 0x82], [0x37, 0x7F, 0x06, 0x83]]
            let journalMagic: [UInt8] = [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7]
            if header == Data("SQLite format 3\u{0}".utf8) || walMagic.contains(where: header.starts(with:))
                || header.starts(with: journalMagic)
            {
                return true
            }
        }
        let lowercased = path.lowercased()
        return companionSuffixes.contains { suffix in
            lowercased.hasSuffix(suffix) && startsLikeSQLite(String(path.dropLast(suffix.count))) == true
        }
    }
}
