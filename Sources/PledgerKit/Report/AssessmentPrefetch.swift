import Foundation
import GRDB
import Synchronization

/// A report's assessments, read on a connection and thread of their own while the calling thread reads the
/// rest of the report's outline — commitments, actors, sources — so that both cores read at once.
///
/// Neither side waits for the other while it holds a connection: the prefetch waits only for a reader of the
/// pool, and the report waits for the prefetch only after its own read transaction has ended. So reports
/// that share a store cannot starve each other of connections.
///
/// The two transactions may see different states of the ledger when someone appends in between; the
/// prefetched assessments are used only when both saw the same ledger head, and read again, as the report's
/// stamp names the ledger, otherwise.
final class AssessmentPrefetch: Sendable {
    private let store: LedgerStore
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<(head: LedgerHead, assessments: [Assessment]), any Error>?>(nil)

    /// Starts reading the assessments that the log's first `entryCount` entries recorded (all of them when
    /// `nil`), or returns `nil` when `store` has a single connection, which the report's own read holds.
    init?(store: LedgerStore, recordedIn entryCount: Int?) {
        guard store.writer is DatabasePool else { return nil }
        self.store = store
        Thread { [self] in
            let result = Result { () throws -> (head: LedgerHead, assessments: [Assessment]) in
                try store.read { db in
                    let head = try LedgerHead.fetch(db)
                    return (head, try LedgerStore.fetchAssessments(in: db, recordedIn: entryCount ?? head.size))
                }
            }
            outcome.withLock { $0 = result }
            done.signal()
        }.start()
    }

    /// Waits until the prefetch has finished reading: a report that fails before it needs the assessments
    /// must still not leave while the prefetch reads, or its store could be closed under the read.
    func waitUntilRead() {
        done.wait()
        done.signal()  // Later calls return at once.
    }

    /// The assessments of the report stamped with `stamp`, whose own read saw `ledgerHead`: the prefetched
    /// ones when the prefetch saw that head too, else read again in a transaction that checks it reads the
    /// stamped state. Waits for the prefetch; call it after the report's read transaction has ended.
    func assessments(stamp: ComplianceReport.Stamp, ledgerHead: LedgerHead) throws -> [Assessment] {
        waitUntilRead()
        let prefetched = try outcome.withLock { $0 }?.get()
        if let prefetched, prefetched.head == ledgerHead {
            return prefetched.assessments
        }
        return try store.read { db in
            try LedgerStore.checkReadsStampedState(stamp, in: db)
            return try LedgerStore.fetchAssessments(in: db, recordedIn: stamp.entryCount)
        }
    }
}
