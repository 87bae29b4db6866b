import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// Renders the elements in batches on every core and hands each batch's bytes to `output`, in order.
    ///
    /// A report's commitments render independently of each other, so a report of 100k commitments renders
    /// about as many times faster as there are cores. Each batch is rendered by `renderBatch` into a buffer
    /// of its own — nothing is shared between workers.
    ///
    /// - Parameters:
    ///   - output: where the bytes go, in the elements' order.
    ///   - batchSize: how many elements one worker renders at a time.
    ///   - renderBatch: renders consecutive elements; `isFirst` is true for the batch that starts the array.
    func renderConcurrently(
        to output: inout some TextOutputStream, batchSize: Int = 64,
        _ renderBatch: @escaping @Sendable (_ batch: ArraySlice<Element>, _ isFirst: Bool) -> ReportBuffer
    ) {
        let batchSize = Swift.max(1, batchSize)
        let batchCount = (count + batchSize - 1) / batchSize
        let window = Swift.max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let rendered = RenderedBatches()
        var written = 0
        for batch in 0..<batchCount {
            while batch - written >= window {  // The window is full: the oldest batch goes out first.
                var buffer = rendered.take(written)
                buffer.move(to: &output)
                written += 1
            }
            let start = batch * batchSize
            let slice = self[start..<Swift.min(count, start + batchSize)]
            rendered.render(batch) { renderBatch(slice, batch == 0) }
            while var buffer = rendered.takeIfReady(written) {
                buffer.move(to: &output)
                written += 1
            }
        }
        while written < batchCount {
            var buffer = rendered.take(written)
            buffer.move(to: &output)
            written += 1
        }
    }

    /// Completes and renders the batches on `completion.workers` threads at once, each batch completed just
    /// before it is rendered, and hands the rendered bytes to `output` in order on the calling thread.
    ///
    /// This is how a streamed report reads its evidence: each worker reads a batch's evidence and renders
    /// it, so reading and rendering both run on every core, and at most two batches per worker are held in
    /// memory at once. Workers are threads of their own, since they wait for the writer to catch up.
    ///
    /// When a completion throws, the workers stop at their next batch and nothing more is written — not the
    /// failed batch, nor batches rendered but not yet written; the error is kept in `completion` (see
    /// ``BatchCompletion/failure``), and the function returns false once every worker has stopped.
    ///
    /// - Parameters:
    ///   - output: where the bytes go, in the elements' order; written on the calling thread.
    ///   - batchSize: how many elements are completed and rendered at a time.
    ///   - completion: how batches are completed, and by how many workers; `nil` when they are complete.
    ///   - prologue: writes what comes before the batches; it runs on the calling thread while the workers
    ///     start on the first batches.
    ///   - renderBatch: renders consecutive elements; `isFirst` is true for the batch that starts the array.
    /// - Returns: whether every batch was written; when false, a renderer writes nothing after the batches.
    @discardableResult
    func renderConcurrently<Output: TextOutputStream>(
        to output: inout Output, batchSize: Int = 64, completing completion: BatchCompletion<Element>?,
        prologue: (inout Output) -> Void = { _ in },
        _ renderBatch: @escaping @Sendable (_ batch: ArraySlice<Element>, _ isFirst: Bool) -> ReportBuffer
    ) -> Bool {
        guard let completion else {
            prologue(&output)
            renderConcurrently(to: &output, batchSize: batchSize, renderBatch)
            return true
        }
        let batchSize = Swift.max(1, batchSize)
        let batchCount = (count + batchSize - 1) / batchSize
        let workers = Swift.min(Swift.max(1, completion.workers), Swift.max(1, batchCount))
        let schedule = BatchSchedule(window: 2 * workers)
        let stopped = DispatchGroup()
        for worker in 0..<workers {
            stopped.enter()
            Thread { [self] in
                defer { stopped.leave() }
                do {
                    for batch in stride(from: worker, to: batchCount, by: workers) {
                        guard schedule.waitForRoom(batch) else { return }
                        let start = batch * batchSize
                        let completed = try completion.complete(self[start..<Swift.min(count, start + batchSize)])
                        schedule.deposit(renderBatch(completed, batch == 0), at: batch)
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
            written += 1
        }
        stopped.wait()
        return written == batchCount
    }
}

/// How a streamed report completes each batch of its commitments before it renders — typically by reading
/// their evidence in a read transaction of the batch's own — and on how many worker threads. Keeps the
/// first error a completion threw.
final class BatchCompletion<Element>: Sendable {
    /// Completes one batch; called on the worker threads, one batch at a time on each.
    typealias Complete = @Sendable (_ batch: ArraySlice<Element>) throws -> ArraySlice<Element>

    /// How many threads complete and render batches at once.
    let workers: Int
    /// Fills in a batch before it is rendered.
    let complete: Complete
    private let firstFailure = Mutex<(any Error)?>(nil)

    init(workers: Int, complete: @escaping Complete) {
        self.workers = workers
        self.complete = complete
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

/// Which batches the workers may render next, and the rendered batches waiting to be written in order.
private final class BatchSchedule: @unchecked Sendable {
    private let condition = NSCondition()
    private let window: Int
    /// All guarded by `condition`.
    private var finished: [Int: ReportBuffer] = [:]
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

    func deposit(_ buffer: ReportBuffer, at number: Int) {
        condition.lock()
        finished[number] = buffer
        condition.broadcast()
        condition.unlock()
    }

    /// Batch `number`, waiting until it is rendered; `nil` once stopped.
    func take(_ number: Int) -> ReportBuffer? {
        condition.lock()
        defer { condition.unlock() }
        while finished[number] == nil, !stopped {
            condition.wait()
        }
        guard !stopped, let buffer = finished.removeValue(forKey: number) else { return nil }
        written = number + 1
        condition.broadcast()
        return buffer
    }

    /// Stops every worker at its next batch and the writer at its next take.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The batches being rendered, each in a slot of its own, handed back in order as they finish.
private final class RenderedBatches: @unchecked Sendable {
    private let condition = NSCondition()
    /// Finished batches by number; guarded by `condition`.
    private var finished: [Int: ReportBuffer] = [:]

    /// Renders batch `number` on another thread.
    func render(_ number: Int, _ work: @escaping @Sendable () -> ReportBuffer) {
        DispatchQueue.global().async { [self] in
            let buffer = work()
            condition.lock()
            finished[number] = buffer
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Batch `number`, waiting until it is rendered.
    func take(_ number: Int) -> ReportBuffer {
        condition.lock()
        defer { condition.unlock() }
        while finished[number] == nil {
            condition.wait()
        }
        return finished.removeValue(forKey: number) ?? ReportBuffer()
    }

    /// Batch `number` if it is rendered already.
    func takeIfReady(_ number: Int) -> ReportBuffer? {
        condition.lock()
        defer { condition.unlock() }
        return finished.removeValue(forKey: number)
    }
}
