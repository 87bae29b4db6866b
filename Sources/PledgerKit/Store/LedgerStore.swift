import Foundation
import GRDB
import GRDBSQLite

/// A Pledger ledger in one SQLite database: the append-only log of entries and the tables projected from it.
///
/// Every user action is one method call and one `BEGIN IMMEDIATE` transaction: the entry is appended, the
/// tree head advanced and the projection updated together, or nothing is written. Several processes may
/// append to the same file at once; WAL mode and a busy timeout serialize them.
public struct LedgerStore: Sendable {
    /// Who is recorded as the author of the entries this store appends.
    public let author: String
    /// The ledger file, or `nil` for an in-memory ledger.
    public let path: String?
    let writer: any DatabaseWriter
    let clock: @Sendable () -> Date
    /// For a ledger opened for reading: what closes its connections in order (see ``ReadingConnections``).
    private let readingConnections: ReadingConnections?

    private init(
        writer: any DatabaseWriter, author: String, clock: @escaping @Sendable () -> Date, path: String? = nil,
        readingConnections: ReadingConnections? = nil
    ) {
        self.writer = writer
        self.author = author
        self.clock = clock
        self.path = path
        self.readingConnections = readingConnections
    }

    /// Creates a new ledger file at `path` and records its `ledger.created` entry.
    ///
    /// Refuses when a file already exists there.
    public static func create(
        at path: String, author: String, label: String? = nil, clock: @escaping @Sendable () -> Date = Date.init
    ) throws -> LedgerStore {
        try requireNewFile(at: path)
        try requireAuthor(author)
        try createAtomically(at: path) { pool in
            try LedgerStore(writer: pool, author: author, clock: clock, path: path).initialize(label: label)
        }
        return LedgerStore(writer: try openPool(path: path), author: author, clock: clock, path: path)
    }

    /// Creates a new ledger file at `path` with no entries at all — not even `ledger.created` — as the target
    /// of an import. Refuses when a file already exists there.
    public static func createEmpty(at path: String, author: String, clock: @escaping @Sendable () -> Date = Date.init)
        throws -> LedgerStore
    {
        try requireNewFile(at: path)
        try createAtomically(at: path) { pool in try Migrations.migrator.migrate(pool) }
        return LedgerStore(writer: try openPool(path: path), author: author, clock: clock, path: path)
    }

    /// Builds a new ledger file in a temporary file beside `path` with `build`, then links it into place: a
    /// process killed meanwhile leaves no file at `path` that is an SQLite database but not yet a ledger
    /// (which neither `verify` nor `import --resume` could use), only a hidden `.NAME.UUID.creating` file.
    private static func createAtomically(at path: String, _ build: (DatabasePool) throws -> Void) throws {
        let target = URL(filePath: path)
        let temporary = target.deletingLastPathComponent()
            .appending(path: ".\(target.lastPathComponent).\(UUID().uuidString).creating").path
        defer { try? LedgerFiles.remove(at: temporary) }
        let pool = try openPool(path: temporary, naming: path)
        try build(pool)
        do {
            try pool.close()  // Checkpoints the write-ahead log into the file, which is then all there is.
        } catch let error as DatabaseError {
            throw failure(error, path: path)
        }
        // link(2) refuses an existing target, unlike rename(2): a file that appeared meanwhile is kept.
        guard link(temporary, path) == 0 else {
            let code = errno
            if code == EEXIST {
                throw fileExists(at: path)
            }
            throw PledgerError.ledgerUnavailable(
                "could not create \(path): \(String(cString: strerror(code))); check that its folder is writable")
        }
    }

    /// Opens the existing ledger at `path`.
    ///
    /// A ledger written by an older version is upgraded to this version's format first: in its file, or —
    /// when the file may not be written, or no one has write permission on it — in a read-only copy in the
    /// temporary directory, made again by each store and gone when it closes.
    ///
    /// The store reads and writes on one connection, so a report it writes (see
    /// ``writeComplianceReport(asOf:scope:since:asRecorded:verifiedEntryCount:format:to:)``) reads and renders
    /// on one thread; open the ledger with ``openForReading(at:clock:)`` to report on every core.
    public static func open(at path: String, author: String, clock: @escaping @Sendable () -> Date = Date.init) throws
        -> LedgerStore
    {
        try open(at: path, author: author, clock: clock, toWrite: true)
    }

    /// Opens the existing ledger at `path`; `toWrite` says what for, so that a refusal names it.
    private static func open(at path: String, author: String, clock: @escaping @Sendable () -> Date, toWrite: Bool) throws
        -> LedgerStore
    {
        try requireLedgerFile(at: path)
        var writer = try openExisting(path: path, toWrite: toWrite)
        if try needsMigration(writer, at: path) {
            if try canUpgradeInPlace(writer) {
                try migrate(writer, at: path)
            } else {
                writer = try upgradedCopy(of: writer, at: path)
            }
        }
        return LedgerStore(writer: writer, author: author, clock: clock, path: path)
    }

    /// Opens the existing ledger at `path` to read it only: it refuses to append (it has no author), and
    /// opening it writes nothing — except that a ledger written by an older version is upgraded once, in its
    /// file when this process may write it and it is not published read-only, else in a copy (see
    /// ``open(at:author:clock:)``). Its reads run on a pool of read-only connections, so that a report reads on
    /// several threads (see ``ReadingConnections``). A ledger in an older format, or one this process may not
    /// write (see ``open(at:author:clock:)``), is opened as that method opens it.
    public static func openForReading(at path: String, clock: @escaping @Sendable () -> Date = Date.init) throws
        -> LedgerStore
    {
        try requireLedgerFile(at: path)
        if isFrozen(path), FileManager.default.fileExists(atPath: path + "-wal") {
            // The pool's read-write connection would fold that log into a file published read-only, as root.
            return try open(at: path, author: "", clock: clock, toWrite: false)
        }
        let connections: ReadingConnections
        do {
            connections = try ReadingConnections(path: path, configuration: configuration)
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM].contains(error.resultCode.primaryResultCode)
        {
            return try open(at: path, author: "", clock: clock, toWrite: false)
        } catch let error as DatabaseError {
            throw failure(error, path: path)
        }
        if try needsMigration(connections.readers, at: path) {
            return try open(at: path, author: "", clock: clock, toWrite: false)
        }
        return LedgerStore(
            writer: connections.readers, author: "", clock: clock, path: path, readingConnections: connections)
    }

    /// Closes a ledger opened for reading now, rather than when the last copy of the store goes away: a
    /// report's worker threads may hold a copy until just after they finish, and a process that exits before
    /// then would leave the write-ahead log's files beside the ledger. The store cannot read afterwards.
    public func closeAfterReading() throws {
        try readingConnections?.close()
    }

    /// Refuses a path that is not an existing ledger file, before SQLite opens it.
    private static func requireLedgerFile(at path: String) throws {
        try requirePath(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw PledgerError.ledgerUnavailable("no ledger at \(path); run `pledger init` to create one, or pass --db PATH")
        }
        if isFolder.boolValue {
            throw PledgerError.ledgerUnavailable("\(path) is a folder; pass --db with the path of a ledger file made by `pledger init`")
        }
        // SQLite would make an empty file a database, and call a text file damaged: check before opening.
        guard try Self.startsLikeSQLite(path) else {
            throw PledgerError.ledgerUnavailable(
                "\(path) is not a Pledger ledger (it is not an SQLite database); pass --db with the path of a ledger made by `pledger init`")
        }
    }

    /// Creates an in-memory ledger with no entries at all, not even `ledger.created`: the target of an import.
    public static func emptyInMemory(author: String = "import", clock: @escaping @Sendable () -> Date = Date.init) throws
        -> LedgerStore
    {
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue)
        return LedgerStore(writer: queue, author: author, clock: clock)
    }

    /// Creates a ledger that lives in memory only, for tests and previews.
    public static func inMemory(author: String = "test", clock: @escaping @Sendable () -> Date = Date.init) throws
        -> LedgerStore
    {
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue)
        let store = LedgerStore(writer: queue, author: author, clock: clock)
        try store.initialize(label: nil)
        return store
    }

    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        return configuration
    }

    /// Refuses to record entries with no author: an accountability ledger says who wrote each entry.
    static func requireAuthor(_ author: String) throws {
        guard author.contains(where: { !$0.isWhitespace }) else {
            throw PledgerError.invalidInput(
                "no author to record: pass --as NAME, or set PLEDGER_AUTHOR (or USER) to who is writing (nothing was written)")
        }
        try requireNoControls(author, option: "the author (--as, PLEDGER_AUTHOR or USER)")
    }

    /// Whether the file at `path` begins with SQLite's header string.
    private static func startsLikeSQLite(_ path: String) throws -> Bool {
        guard let startsLikeSQLite = LedgerFiles.startsLikeSQLite(path) else {
            throw PledgerError.ledgerUnavailable("cannot read \(path); check that it is a file you may read")
        }
        return startsLikeSQLite
    }

    private static func requirePath(_ path: String) throws {
        guard !path.isEmpty else {
            throw PledgerError.invalidInput("the ledger path is empty; pass --db PATH, or leave it out for ./pledger.sqlite")
        }
    }

    /// The refusal to create a ledger where a file already is.
    private static func fileExists(at path: String) -> PledgerError {
        .conflict("a file already exists at \(path); choose another path with --db, or use the ledger that is there")
    }

    private static func requireNewFile(at path: String) throws {
        try requirePath(path)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw fileExists(at: path)
        }
        let directory = LedgerFiles.folder(of: path)
        guard directory.exists else {
            throw PledgerError.notFound("directory \(directory.path) does not exist; create it first or choose another --db path")
        }
    }

    /// Opens a pool on `path`, naming `name` (by default, `path`) in errors.
    private static func openPool(path: String, naming name: String? = nil) throws -> DatabasePool {
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw failure(error, path: name ?? path)
        }
    }

    /// Opens an existing file for writing, or — when the file or its folder is read-only, or the file is
    /// published read-only (see ``isFrozen(_:)``), even for root — for reading only, so that reports and
    /// `verify` still work; writes then fail with a clear message. Opened `toWrite`, a
    /// ledger its owner may be writing, in a folder this process may not write, is refused at once.
    ///
    /// A writer is one connection, not a pool: a pool starts the write-ahead log by creating and dropping a
    /// table, which changes the file's header bytes however the command then ends — and a refused write must
    /// leave the file as it was. The file keeps the write-ahead log mode it was created with.
    private static func openExisting(path: String, toWrite: Bool) throws -> any DatabaseWriter {
        if isFrozen(path) {
            // Root may write a file no one has write permission on; a ledger published so is left as it is,
            // and with no write-ahead log beside it, read with none of SQLite's companion files either.
            do {
                return FileManager.default.fileExists(atPath: path + "-wal") ? try openReadOnly(path: path) : try openImmutable(path: path)
            } catch let error as DatabaseError {
                throw failure(error, path: path)
            }
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let isWritable = try queue.read { db in
                try openFiles(db)
                return sqlite3_db_readonly(db.sqliteConnection, "main") == 0  // SQLite opened a read-only file so.
            }
            if isWritable {
                try queue.writeWithoutTransaction(useWriteAheadLog)
                return queue
            }
            try queue.close()
            return try openReadOnly(path: path)
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN].contains(error.resultCode.primaryResultCode)
        {
            // Decided by SQLite's result code, not by the message, which holds the path.
            if toWrite, !isFrozen(path), !FileManager.default.isWritableFile(atPath: LedgerFiles.folder(of: path).path) {
                // Its owner may be writing it, so it cannot be read as immutable; this process is here to write.
                throw PledgerError.ledgerUnavailable(
                    "cannot write \(path): SQLite must create its -wal and -shm files beside the ledger, and its folder is not writable; make the folder writable, or copy the ledger somewhere you can write (nothing was written)")
            }
            do {
                return try openReadOnly(path: path)
            } catch let error as DatabaseError {
                throw failure(error, path: path)
            }
        } catch let error as DatabaseError {
            throw failure(error, path: path)
        }
    }

    /// Reads the schema, so that SQLite opens the file — and the write-ahead log's files beside it — now, and
    /// a file it cannot open fails here, where the caller decides what that means, rather than at first use.
    static func openFiles(_ db: Database) throws {
        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
    }

    /// Puts a writer's connection in write-ahead log mode, as a pool would: a ledger is created in that mode,
    /// but a copy made another way (`VACUUM INTO`, say) is not, and without it a report's long read would
    /// block appends. Only such a file is changed. `synchronous = NORMAL` is safe in that mode, as a pool sets.
    private static func useWriteAheadLog(_ db: Database) throws {
        if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
    }

    /// Opens a ledger this process cannot write, for reading only.
    ///
    /// A ledger's readers need the shared-memory file of its write-ahead log, which SQLite cannot create in a
    /// folder it cannot write. A ledger that no process can be writing — on a read-only mount, or with no
    /// write permission for anyone, as a published copy is — and with no write-ahead log beside it (so all of
    /// it is in the file) is opened as immutable instead, which needs neither. Any other ledger (one its owner
    /// may be writing right now) is refused: an immutable read of it could see torn pages.
    private static func openReadOnly(path: String) throws -> DatabaseQueue {
        do {
            return try readOnlyQueue(path: path)
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode.primaryResultCode)
        {
            guard !FileManager.default.fileExists(atPath: path + "-wal"), isFrozen(path) else {
                throw PledgerError.ledgerUnavailable(
                    "cannot read \(path) without write access to its folder: SQLite needs a -shm file beside it while its owner may be writing it; copy the ledger somewhere you can write, or publish it read-only (chmod a-w)")
            }
            return try openImmutable(path: path)
        }
    }

    /// Opens a ledger that no process can be writing (see ``isFrozen(_:)``), with no write-ahead log beside
    /// it, as immutable: SQLite reads the file alone, with no lock and no companion file.
    private static func openImmutable(path: String) throws -> DatabaseQueue {
        var immutable = URLComponents(url: URL(filePath: path).absoluteURL, resolvingAgainstBaseURL: true)
        immutable?.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        guard let uri = immutable?.string else {
            throw PledgerError.ledgerUnavailable("cannot open \(path) as an immutable file: its path does not make a file URI")
        }
        return try readOnlyQueue(path: uri)
    }

    /// A connection that only reads the database at `path` (a file path or an SQLite URI), its files opened
    /// at once so that a failure to read them shows here.
    static func readOnlyQueue(path: String) throws -> DatabaseQueue {
        var readOnly = configuration
        readOnly.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        try queue.read(openFiles)
        return queue
    }

    /// Whether no process can write the file at `path` without first changing it: it sits on a read-only
    /// mount, or no one has write permission on it.
    private static func isFrozen(_ path: String) -> Bool {
        var mount = statvfs()
        if statvfs(path, &mount) == 0, mount.f_flag & UInt(ST_RDONLY) != 0 {
            return true
        }
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & 0o222 == 0
    }

    private func initialize(label: String?) throws {
        try Migrations.migrator.migrate(writer)
        try write { db in
            guard try LedgerHead.fetch(db).size == 0 else { return }
            try append(
                .ledgerCreated(LedgerCreated(formatVersion: 1, label: try Self.optionalText(label, option: "--label"))), in: db)
        }
    }
}

// MARK: - Appending

extension LedgerStore {
    /// Runs `body` in one immediate write transaction; any error rolls everything back.
    func write<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw userFacing(error)
        }
    }

    /// Reads from a consistent snapshot.
    func read<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw userFacing(error)
        }
    }

    /// `error` as a user should read it: an SQLite failure turned into what went wrong with this ledger file
    /// and what to do (see ``failure(_:path:)``), any other error as it is. For errors caught inside a
    /// transaction, such as a prefetch's, which ``read(_:)`` does not see.
    func userFacing(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        return Self.failure(error, path: path ?? "the ledger")
    }

    /// Appends `event` as the next entry and projects it, inside the caller's transaction.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` when the store has no author to record.
    @discardableResult
    func append(_ event: LedgerEvent, in db: Database) throws -> LedgerEntry {
        try Self.requireAuthor(author)
        let head = try LedgerHead.fetch(db)
        let entry = try LedgerEntry(
            index: head.size, recordedAt: LedgerEntry.timestamp(clock()), author: author, event: event)
        try Self.record(entry, after: head, in: db)
        return entry
    }

    /// Stores an already built entry as the next one: its row, the advanced tree head, and its projection.
    @discardableResult
    static func record(_ entry: LedgerEntry, after head: LedgerHead, in db: Database) throws -> LedgerHead {
        guard entry.index == head.size else {
            throw PledgerError.invalidInput(
                "entry \(entry.index) cannot follow the ledger's \(head.size) entries; import entries in index order, starting at entry \(head.size)")
        }
        try db.cachedStatement(sql: "INSERT INTO entry (seq, kind, recorded_at, author, body, leaf_hash) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [entry.index, entry.event.kind, entry.recordedAt, entry.author, Data(entry.body), Data(entry.leafHash.bytes)])
        var head = head
        try head.frontier.appendReportingMerges(leafHash: entry.leafHash) { try saveTreeNode($0, in: db) }
        head.size += 1
        head.rootHash = head.frontier.root
        try head.save(db)
        try Projection.apply(entry, in: db)
        return head
    }

    /// Replays `entries` (which must start at index 0) into a fresh in-memory ledger, calling `inspect` with
    /// each entry, the head of those before it and their projection, just before it is recorded.
    static func replay(
        _ entries: [LedgerEntry], inspecting inspect: (LedgerEntry, LedgerHead, Database) throws -> Void = { _, _, _ in }
    ) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            var head = LedgerHead.empty
            for entry in entries {
                try inspect(entry, head, db)
                head = try record(entry, after: head, in: db)
            }
        }
        return queue
    }

    /// The ledger as it stood when it held its first `entryCount` entries: a read-only view, in memory,
    /// rebuilt from the log, so that reports can answer "what did the ledger say then".
    public func asRecorded(entryCount: Int) throws -> LedgerStore {
        try Self.requireEntryCount(entryCount, in: try head().size)
        let queue = try Self.replay(try entries(limit: entryCount))
        return LedgerStore(writer: queue, author: author, clock: clock)
    }

    /// The number of entries and the Merkle tree head.
    public func head() throws -> LedgerHead {
        try read(LedgerHead.fetch)
    }
}

/// The connections of a ledger opened for reading: a pool of read-only connections, which a report reads on
/// from several threads, and one read-write connection that never writes, opened first and closed last.
///
/// Read-only connections leave the write-ahead log and its shared-memory file beside the ledger when they
/// close; the last read-write connection to close removes them, as it would after any command.
final class ReadingConnections: Sendable {
    /// The read-only pool the store reads through.
    let readers: DatabasePool
    private let keeper: DatabaseQueue

    init(path: String, configuration: Configuration) throws {
        keeper = try DatabaseQueue(path: path, configuration: configuration)  // No WAL set-up: the file's mode stands.
        try keeper.read(LedgerStore.openFiles)
        var readOnly = configuration
        readOnly.readonly = true
        readers = try DatabasePool(path: path, configuration: readOnly)
    }

    deinit {
        try? close()
    }

    /// Closes the read-only connections, then the read-write one, which removes the write-ahead log and
    /// shared-memory file when no other process has the ledger open.
    func close() throws {
        try readers.close()
        try keeper.close()
    }
}
