import Foundation
import Synchronization

/// Settings of ``Swift/Array/renderConcurrently(to:batchSize:completing:prologue:_:)``.
enum ConcurrentRendering {
    /// How many batches each worker may have rendered or be rendering before the writer has written them:
    /// enough that the workers go on while the writer waits on storage. A batch of the 100k-commitment bench
    /// fills a few hundred kilobytes, so a few megabytes a worker; batches of very long quotes hold more, up
    /// to the largest buffer kept for reuse (4 MiB) each.
    static let batchesHeldPerWorker = 8
}

extension Array where Element: Sendable {
    /// Completes and renders the batches on `completion.workers` threads at once, each batch completed just
    /// before it is rendered, and hands the rendered bytes to `output` in order on the calling thread.
    ///
    /// A report's commitments render independently of each other, so a report of 100k commitments renders
    /// about as many times faster as there are cores. Each batch is rendered by `renderBatch` into a buffer
    /// of its own — nothing is shared between workers.
    ///
    /// This is how a streamed report reads its evidence: each worker reads a batch's evidence and renders
    /// it, so reading and rendering both run on every core, and at most a few batches per worker are held in
    /// memory at once (see ``ConcurrentRendering/batchesHeldPerWorker``). Workers are threads of their own,
    /// since they wait for the writer to catch up.
    ///
    /// Each batch renders into a buffer that an earlier batch's bytes left once written, with its room kept:
    /// a batch fills hundreds of kilobytes, and a buffer grown from empty for each would copy every byte of
    /// the report once more as it doubled.
    ///
    /// When a completion throws, the workers stop at their next batch and nothing more is written — not the
    /// failed batch, nor batches rendered but not yet written; the error is kept in `completion` (see
    /// ``BatchCompletion/failure``), and the function returns false once every worker has stopped.
    ///
    /// - Parameters:
    ///   - output: where the bytes go, in the elements' order; written on the calling thread.
    ///   - batchSize: how many elements are completed and rendered at a time.
    ///   - completion: how batches are completed, and by how many workers; `nil` when they are complete
    ///     already, and a worker per core only renders them.
    ///   - prologue: writes what comes before the batches; it runs on the calling thread while the workers
    ///     start on the first batches.
    ///   - renderBatch: renders consecutive elements into `buffer` — empty, perhaps with room left by an
    ///     earlier batch — and returns it; `isFirst` is true for the batch that starts the array.
    /// - Returns: whether every batch was written; when false, a renderer writes nothing after the batches.
    @discardableResult
    func renderConcurrently<Output: TextOutputStream>(
        to output: inout Output, batchSize: Int = 64, completing completion: BatchCompletion<Element>?,
        prologue: (inout Output) -> Void = { _ in },
        _ renderBatch: @escaping @Sendable (
            _ batch: ArraySlice<Element>, _ isFirst: Bool, _ buffer: consuming ReportBuffer
        ) -> ReportBuffer
    ) -> Bool {
        let completion = completion ?? .alreadyComplete
        let batchSize = Swift.max(1, batchSize)
        let batchCount = (count + batchSize - 1) / batchSize
        let workers = Swift.min(Swift.max(1, completion.workers), Swift.max(1, batchCount))
        let schedule = BatchSchedule(window: ConcurrentRendering.batchesHeldPerWorker * workers)
        let stopped = DispatchGroup()
        for worker in 0..<workers {
            stopped.enter()
            Thread { [self] in
                defer { stopped.leave() }
                var next = worker  // This worker's batches: worker, worker + workers, …
                do {
                    // A session (a read transaction, say) lasts while batches can go on without waiting for
                    // the writer; the worker waits only between sessions, holding nothing another needs.
                    while next < batchCount, schedule.waitForRoom(next) {
                        let first = next
                        try completion.session { complete in
                            while next < batchCount, schedule.hasRoom(next) {
                                let start = next * batchSize
                                let completed = try complete(self[start..<Swift.min(count, start + batchSize)])
                                schedule.deposit(renderBatch(completed, next == 0, schedule.spare()), at: next)
                                next += workers
                            }
                        }
                        if next == first, schedule.hasRoom(next) {
                            throw SessionDidNotComplete()
                        }
                    }
                } catch {
                    completion.record(error)
                    schedule.stop()
                }
            }.start()
        }
        prologue(&output)  // While the workers read and render the first batches.
        var written = 0
        while written < batchCount, var buffer = schedule.take(written) {
            buffer.move(to: &output)
            schedule.wrote(written, emptying: consume buffer)
            written += 1
        }
        stopped.wait()
        return written == batchCount
    }
}

/// How a streamed report completes each batch of its commitments before it renders — typically by reading
/// their evidence in a read transaction — and on how many worker threads. Keeps the first error a
/// completion threw.
final class BatchCompletion<Element>: Sendable {
    /// Completes one batch; valid only during the session that handed it over.
    typealias Complete = (_ batch: ArraySlice<Element>) throws -> ArraySlice<Element>
    /// Opens a session (say, a read transaction) and calls `work` with the function that completes batches
    /// in it. `work` returns as soon as its worker would have to wait, so a session never waits for the
    /// writer while it holds a connection.
    typealias Session = @Sendable (_ work: (_ complete: Complete) throws -> Void) throws -> Void

    /// How many threads complete and render batches at once.
    let workers: Int
    /// Completes batches on a worker thread; called on each worker, as often as it needs.
    let session: Session
    private let firstFailure = Mutex<(any Error)?>(nil)

    init(workers: Int, session: @escaping Session) {
        self.workers = workers
        self.session = session
    }

    /// The first error a completion threw, if any: the rendering stopped there.
    var failure: (any Error)? {
        firstFailure.withLock { $0 }
    }

    fileprivate func record(_ error: any Error) {
        firstFailure.withLock { failure in
            if failure == nil { failure = error }
        }
    }
}

extension BatchCompletion {
    /// For batches that are complete already: a worker per core only renders them.
    static var alreadyComplete: BatchCompletion {
        BatchCompletion(workers: ProcessInfo.processInfo.activeProcessorCount) { work in try work { $0 } }
    }
}

/// A completion's session returned without completing a batch it could have: a defect in the completion,
/// reported rather than retried forever.
private struct SessionDidNotComplete: Error, CustomStringConvertible {
    var description: String { "a report worker's session completed no batch" }
}

/// Which batches the workers may render next, the rendered batches waiting to be written in order, and the
/// emptied buffers of those written.
private final class BatchSchedule: @unchecked Sendable {
    /// The most room a written batch's buffer may keep to be rendered into again: a batch larger than this
    /// (a commitment with tens of thousands of pieces of evidence, say) is rare, and its room is given back.
    static let largestSpare = 1 << 22

    private let condition = NSCondition()
    private let window: Int
    /// All guarded by `condition`.
    private var finished: [Int: ReportBuffer] = [:]
    private var spares: [ReportBuffer] = []
    private var written = 0
    private var stopped = false

    init(window: Int) {
        self.window = window
    }

    /// Waits until batch `number` is within the window of batches held at once; false once stopped.
    func waitForRoom(_ number: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while number - written >= window, !stopped {
            condition.wait()
        }
        return !stopped
    }

    /// Hands rendered batch `number` to the writer. The buffer is moved, not copied: the writer empties it
    /// for a later batch, which keeps its room only if nothing else holds it.
    func deposit(_ buffer: consuming ReportBuffer, at number: Int) {
        condition.lock()
        finished[number] = consume buffer
        condition.broadcast()
        condition.unlock()
    }

    /// Whether batch `number` may be rendered now, without waiting.
    func hasRoom(_ number: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return number - written < window && !stopped
    }

    /// Batch `number`, waiting until it is rendered; `nil` once stopped. The writer calls
    /// ``wrote(_:emptying:)`` once it has written it.
    func take(_ number: Int) -> ReportBuffer? {
        condition.lock()
        defer { condition.unlock() }
        while finished[number] == nil, !stopped {
            condition.wait()
        }
        guard !stopped else { return nil }
        return finished.removeValue(forKey: number)
    }

    /// Makes room for the batches after `number`, now written, and keeps its emptied `buffer` for one of
    /// them to render into — before they may start, so that a worker finds it there.
    func wrote(_ number: Int, emptying buffer: consuming ReportBuffer) {
        let isSpare = buffer.isEmpty && buffer.capacity <= Self.largestSpare
        condition.lock()
        if isSpare {
            spares.append(consume buffer)
        }
        written = number + 1
        condition.broadcast()
        condition.unlock()
    }

    /// An empty buffer to render a batch into: one already written, with its room, when there is one.
    func spare() -> ReportBuffer {
        condition.lock()
        let spare = spares.popLast()
        condition.unlock()
        return spare ?? ReportBuffer(reservingChunk: true)
    }

    /// Stops every worker at its next batch and the writer at its next take.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

extension ArraySlice {
    /// The slice with `complete` applied to each element in order: how a completion completes a batch one
    /// element at a time.
    func completingEach(_ complete: (inout Element) throws -> Void) rethrows -> ArraySlice {
        var completed = self
        for index in completed.indices {
            try complete(&completed[index])
        }
        return completed
    }
}
