import Foundation

extension Array where Element: Sendable {
    /// Renders the elements in batches on every core and hands each batch's bytes to `output`, in order.
    ///
    /// A report's commitments render independently of each other, so a report of 100k commitments renders
    /// about as many times faster as there are cores. Each batch is rendered by `renderBatch` into a buffer
    /// of its own — nothing is shared between workers — and at most two batches per core are held at once.
    ///
    /// - Parameters:
    ///   - output: where the bytes go, in the elements' order.
    ///   - batchSize: how many elements one worker renders at a time.
    ///   - renderBatch: renders consecutive elements; `isFirst` is true for the batch that starts the array.
    func renderConcurrently(
        to output: inout some TextOutputStream, batchSize: Int = 64,
        _ renderBatch: @Sendable (_ batch: ArraySlice<Element>, _ isFirst: Bool) -> ReportBuffer
    ) {
        let batchSize = Swift.max(1, batchSize)
        let batchCount = (count + batchSize - 1) / batchSize
        let window = Swift.max(1, 2 * ProcessInfo.processInfo.activeProcessorCount)
        var firstBatch = 0
        while firstBatch < batchCount {
            let batches = Swift.min(window, batchCount - firstBatch)
            let rendered = RenderedBatches(count: batches)
            let windowStart = firstBatch
            DispatchQueue.concurrentPerform(iterations: batches) { offset in
                let start = (windowStart + offset) * batchSize
                let end = Swift.min(count, start + batchSize)
                rendered.store(renderBatch(self[start..<end], start == 0), at: offset)
            }
            for offset in 0..<batches {
                var buffer = rendered.take(at: offset)
                buffer.move(to: &output)
            }
            firstBatch += batches
        }
    }
}

/// The buffers of one window of batches, each written by exactly one worker at its own index.
private final class RenderedBatches: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<ReportBuffer>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: ReportBuffer())
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Stores a worker's buffer; workers use distinct indices, so no two writes touch the same slot.
    func store(_ buffer: ReportBuffer, at index: Int) {
        slots[index] = buffer
    }

    /// Takes the buffer out, leaving an empty one.
    func take(at index: Int) -> ReportBuffer {
        var buffer = ReportBuffer()
        swap(&buffer, &slots[index])
        return buffer
    }
}
