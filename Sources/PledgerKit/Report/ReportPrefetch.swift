import Foundation
import GRDB
import Synchronization

/// Part of a report read on a connection and thread of its own while the calling thread reads the rest of
/// the report's outline — commitments, actors, sources — so that both cores read at once: its assessments and
/// the later of its commitments (see ``OutlinePart``), and, for a CSV of every commitment, which evidence each
/// has. An SQLite failure there is reported as the report's own reads report it.
///
/// Neither side waits for the other while it holds a connection: the prefetch waits only for a reader of the
/// pool, and the report waits for the prefetch only after its own read transaction has ended. So reports
/// that share a store cannot starve each other of connections.
///
/// The two transactions may see different states of the ledger when someone appends in between; the
/// prefetched value is used only when both saw the same ledger head.
final class ReportPrefetch<Value: Sendable>: Sendable {
    let store: LedgerStore
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Outcome?>(nil)

    /// What the prefetch's transaction saw, and what its read gave; `nil` when not even the head was read.
    private struct Outcome {
        var head: LedgerHead
        var entryCount: Int
        var value: Result<Value, any Error>
    }

    /// Starts reading, with `read`, what the log's first `entryCount` entries recorded (all of them when
    /// `nil`), or returns `nil` when `store` has a single connection, which the report's own read holds.
    init?(
        store: LedgerStore, recordedIn entryCount: Int?,
        read: @escaping @Sendable (_ db: Database, _ entryCount: Int) throws -> Value
    ) {
        guard store.writer is DatabasePool else { return nil }
        self.store = store
        Thread { [self] in
            // A transaction that fails before the head is read leaves nothing: the report reads for itself.
            try? store.read { db in
                let head = try LedgerHead.fetch(db)
                let count = entryCount ?? head.size
                let value = Result { try read(db, count) }.mapError(store.userFacing)
                outcome.withLock { $0 = Outcome(head: head, entryCount: count, value: value) }
            }
            done.signal()
        }.start()
    }

    /// Waits until the prefetch has finished reading: a report that fails before it needs the value must
    /// still not leave while the prefetch reads, or its store could be closed under the read.
    func waitUntilRead() {
        done.wait()
        done.signal()  // Later calls return at once.
    }

    /// The value read, when the prefetch read the state the report reads — it saw `ledgerHead`, the head the
    /// report's own read saw, and read the first `entryCount` entries — or `nil` when it read another state,
    /// or could not begin. Waits for the prefetch; call it after the report's read transaction has ended.
    ///
    /// - Throws: the error the prefetch's read threw, when it read the report's state: the report would
    ///   meet it too.
    func value(ifReadAt ledgerHead: LedgerHead, entryCount: Int) throws -> Value? {
        waitUntilRead()
        guard let prefetched = outcome.withLock({ $0 }), prefetched.head == ledgerHead,
            prefetched.entryCount == entryCount
        else { return nil }
        return try prefetched.value.get()
    }
}

/// The part of a report's outline that a connection of its own reads while the calling thread reads the rest
/// (see ``ReportPrefetch``): the assessments and, for a streamed report, the later commitments —
/// reading 100k commitments with their quotes took as long as everything else the outline reads.
struct OutlinePart: Sendable {
    var assessments: [Assessment]
    /// Where the later commitments start (see ``LedgerStore/laterCommitmentsStart(in:)``), and those read from
    /// there on, without evidence or assessments; `nil` when the calling thread reads every commitment.
    var laterCommitments: (start: Int, dossiers: [CommitmentDossier])?

    /// Reads the part in `db`, of what the log's first `entryCount` entries recorded: with the commitments
    /// from `laterCommitmentsStart` on, when set.
    static func read(in db: Database, recordedIn entryCount: Int, laterCommitmentsStart: Int?) throws -> OutlinePart {
        let later = try laterCommitmentsStart.map { start in
            (start: start, dossiers: try LedgerStore.fetchCommitments(in: db, ids: start...Int.max, recordedIn: entryCount))
        }
        return OutlinePart(assessments: try LedgerStore.fetchAssessments(in: db, recordedIn: entryCount), laterCommitments: later)
    }
}

/// A report's assessments, and perhaps its later commitments, read while the rest of its outline is.
typealias OutlinePrefetch = ReportPrefetch<OutlinePart>

extension ReportPrefetch where Value == OutlinePart {
    /// Starts reading the part of the outline of a report of what the log's first `entryCount` entries
    /// recorded (all of them when `nil`) — with the later commitments when `laterCommitments` — or returns
    /// `nil` when `store` has a single connection.
    convenience init?(store: LedgerStore, recordedIn entryCount: Int?, laterCommitments: Bool) {
        self.init(store: store, recordedIn: entryCount) { db, entryCount in
            try OutlinePart.read(
                in: db, recordedIn: entryCount,
                laterCommitmentsStart: laterCommitments ? LedgerStore.laterCommitmentsStart(in: db) : nil)
        }
    }

    /// The part of the outline of the report stamped with `stamp`, whose own read saw `ledgerHead` and, when
    /// it left the later commitments to the prefetch, took them to start at `laterCommitmentsStart`: the
    /// prefetched part when the prefetch saw that head too, else read again in a transaction that checks it
    /// reads the stamped state. Waits for the prefetch; call it after the report's read transaction has ended.
    func part(stamp: ComplianceReport.Stamp, ledgerHead: LedgerHead, laterCommitmentsStart: Int?) throws -> OutlinePart {
        if let prefetched = try value(ifReadAt: ledgerHead, entryCount: stamp.entryCount),
            prefetched.laterCommitments?.start == laterCommitmentsStart
        {
            return prefetched
        }
        return try store.read { db in
            try LedgerStore.checkReadsStampedState(stamp, in: db)
            return try OutlinePart.read(in: db, recordedIn: stamp.entryCount, laterCommitmentsStart: laterCommitmentsStart)
        }
    }
}

extension LedgerStore {
    /// The first id of the later commitments, when two connections read them: those of the last third of the
    /// ids, since the connection that reads them reads the assessments too — about as many, but each read in
    /// half the time. Taken from the largest id in the whole table, so that it depends only on the ledger's
    /// state, whatever part of the log a report reads.
    static func laterCommitmentsStart(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT max(id) FROM commitment").map { $0 - $0 / 3 + 1 } ?? 1
    }
}
