import Foundation
import GRDB
import Synchronization

/// Part of a report read on a connection and thread of its own while the calling thread reads the rest of
/// the report's outline — commitments, actors, sources — so that both cores read at once: its assessments,
/// and, for a CSV of every commitment, which evidence each has.
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
    private let outcome = Mutex<Result<(head: LedgerHead, value: Value), any Error>?>(nil)

    /// Starts reading, with `read`, what the log's first `entryCount` entries recorded (all of them when
    /// `nil`), or returns `nil` when `store` has a single connection, which the report's own read holds.
    init?(
        store: LedgerStore, recordedIn entryCount: Int?,
        read: @escaping @Sendable (_ db: Database, _ entryCount: Int) throws -> Value
    ) {
        guard store.writer is DatabasePool else { return nil }
        self.store = store
        Thread { [self] in
            let result = Result { () throws -> (head: LedgerHead, value: Value) in
                try store.read { db in
                    let head = try LedgerHead.fetch(db)
                    return (head, try read(db, entryCount ?? head.size))
                }
            }
            outcome.withLock { $0 = result }
            done.signal()
        }.start()
    }

    /// Waits until the prefetch has finished reading: a report that fails before it needs the value must
    /// still not leave while the prefetch reads, or its store could be closed under the read.
    func waitUntilRead() {
        done.wait()
        done.signal()  // Later calls return at once.
    }

    /// The value read, when the prefetch saw `ledgerHead` — the head the report's own read saw — or `nil`
    /// when it saw another. Waits for the prefetch; call it after the report's read transaction has ended.
    ///
    /// - Throws: the error the prefetch's read threw.
    func value(ifReadAt ledgerHead: LedgerHead) throws -> Value? {
        waitUntilRead()
        let prefetched = try outcome.withLock { $0 }?.get()
        guard let prefetched, prefetched.head == ledgerHead else { return nil }
        return prefetched.value
    }
}

/// A report's assessments, read while the rest of its outline is (see ``ReportPrefetch``).
typealias AssessmentPrefetch = ReportPrefetch<[Assessment]>

extension ReportPrefetch where Value == [Assessment] {
    /// Starts reading the assessments that the log's first `entryCount` entries recorded (all of them when
    /// `nil`), or returns `nil` when `store` has a single connection.
    convenience init?(store: LedgerStore, recordedIn entryCount: Int?) {
        self.init(store: store, recordedIn: entryCount) { db, entryCount in
            try LedgerStore.fetchAssessments(in: db, recordedIn: entryCount)
        }
    }

    /// The assessments of the report stamped with `stamp`, whose own read saw `ledgerHead`: the prefetched
    /// ones when the prefetch saw that head too, else read again in a transaction that checks it reads the
    /// stamped state. Waits for the prefetch; call it after the report's read transaction has ended.
    func assessments(stamp: ComplianceReport.Stamp, ledgerHead: LedgerHead) throws -> [Assessment] {
        if let prefetched = try value(ifReadAt: ledgerHead) {
            return prefetched
        }
        return try store.read { db in
            try LedgerStore.checkReadsStampedState(stamp, in: db)
            return try LedgerStore.fetchAssessments(in: db, recordedIn: stamp.entryCount)
        }
    }
}
