import Foundation
import Synchronization
import PledgerTestSupport
import Testing

@testable import PledgerKit

/// Commitments render on every core in batches; the bytes must come out as a one-by-one rendering would.
struct ConcurrentRenderingTests {
    @Test(arguments: [1, 7, 64, 10_000])
    func batchesReachTheOutputInTheElementsOrder(batchSize: Int) {
        let numbers = Array(0..<5_000)
        var output = ""
        numbers.renderConcurrently(to: &output, batchSize: batchSize, completing: nil) { batch, isFirst, buffer in
            var buffer = buffer
            for number in batch {
                if number != 0 || !isFirst { buffer.append(",") }
                buffer.append(number)
            }
            return buffer
        }
        #expect(output == numbers.map(String.init).joined(separator: ","))
    }

    /// A batch's bytes go to the output and its buffer, emptied, is rendered into again: a batch that had
    /// to grow its buffer does not make the next one grow a fresh buffer the same way.
    @Test func batchesRenderIntoEmptiedBuffersThatKeepTheRoomOfThoseWritten() {
        let padding = 200_000
        let handedIn = Mutex<[(batch: Int, isEmpty: Bool, capacity: Int)]>([])
        let completion = BatchCompletion<Int>(workers: 1) { work in try work { $0 } }
        var output = ""
        let finished = Array(0..<20).renderConcurrently(to: &output, batchSize: 1, completing: completion) {
            batch, _, buffer in
            var buffer = buffer
            handedIn.withLock { $0.append((batch.startIndex, buffer.isEmpty, buffer.capacity)) }
            buffer.append(spaces: padding)
            buffer.append(batch.startIndex)
            return buffer
        }
        #expect(finished)
        #expect(output.utf8.count == 20 * padding + 10 + 2 * 10)
        let buffers = handedIn.withLock { $0 }.sorted { $0.batch < $1.batch }
        #expect(buffers.map(\.batch) == Array(0..<20))
        #expect(buffers.allSatisfy { $0.isEmpty })
        // One worker may render batch n + k (k batches held a worker) only once batch n is written: k buffers
        // are enough for it, and every later batch renders into one of them, with the room an earlier batch grew.
        let fresh = buffers.filter { $0.capacity < padding }
        #expect(fresh.count <= ConcurrentRendering.batchesHeldPerWorker, "\(buffers.map(\.capacity))")
        #expect(fresh.count < buffers.count / 2, "\(buffers.map(\.capacity))")
    }

    @Test func buffersGrownPastTheLargestSpareAreNotRenderedIntoAgain() {
        let completion = BatchCompletion<Int>(workers: 1) { work in try work { $0 } }
        let capacities = Mutex<[Int]>([])
        let large = 5 << 20
        var output = ""
        // More batches than a worker may hold, so that later ones wait for written buffers.
        let batches = ConcurrentRendering.batchesHeldPerWorker + 4
        Array(0..<batches).renderConcurrently(to: &output, batchSize: 1, completing: completion) { _, _, buffer in
            var buffer = buffer
            capacities.withLock { $0.append(buffer.capacity) }
            buffer.append(spaces: large)
            return buffer
        }
        #expect(output.utf8.count == batches * large)
        // Every batch starts from a fresh buffer: none of those written was kept, however soon it was free.
        #expect(capacities.withLock { $0 }.allSatisfy { $0 < large })
    }

    @Test(arguments: [(0, 4), (4, 4), (5, 4), (1_000, 7), (1_000, 0), (10_000, 1_024)])
    func concurrentMapKeepsTheElementsOrderAcrossChunks(count: Int, chunkSize: Int) {
        let numbers = Array(0..<count)
        #expect(numbers.concurrentMap(chunkSize: chunkSize) { "\($0 * 3)" } == numbers.map { "\($0 * 3)" })
    }

    @Test func anEmptyArrayWritesNothing() {
        var output = ""
        [Int]().renderConcurrently(to: &output, completing: nil) { _, _, buffer in
            var buffer = buffer
            buffer.append("batch")
            return buffer
        }
        #expect(output.isEmpty)
    }

    private static func numbered(_ batch: ArraySlice<Int>, _ isFirst: Bool, _ buffer: consuming ReportBuffer) -> ReportBuffer {
        var buffer = buffer
        for number in batch {
            if number != 0 || !isFirst { buffer.append(",") }
            buffer.append(number)
        }
        return buffer
    }

    @Test(arguments: [1, 2, 3])
    func everyBatchIsCompletedOnceBeforeItRendersAndComesOutInOrder(workers: Int) {
        let numbers = Array(0..<1_000)
        let completedStarts = Mutex<[Int]>([])
        let completion = BatchCompletion<Int>(workers: workers) { work in
            try work { batch in
                completedStarts.withLock { $0.append(batch.startIndex) }
                return ArraySlice(batch.map { $0 * 2 })
            }
        }
        var output = "opening;"
        let finished = numbers.renderConcurrently(
            to: &output, batchSize: 30, completing: completion, prologue: { $0.write("prologue;") }, Self.numbered)
        #expect(finished)
        #expect(completion.failure == nil)
        #expect(completedStarts.withLock { $0 }.sorted() == Array(stride(from: 0, to: 1_000, by: 30)))
        #expect(output == "opening;prologue;" + numbers.map { String($0 * 2) }.joined(separator: ","))
    }

    private struct CompletionFailed: Error {}

    @Test(arguments: [1, 2])
    func aFailedCompletionStopsTheRenderingAndIsKept(workers: Int) {
        let numbers = Array(0..<1_000)
        let completion = BatchCompletion<Int>(workers: workers) { work in
            try work { batch in
                guard batch.startIndex < 500 else { throw CompletionFailed() }
                return batch
            }
        }
        var output = ""
        let finished = numbers.renderConcurrently(to: &output, batchSize: 10, completing: completion) { batch, _, buffer in
            var buffer = buffer
            for number in batch {
                buffer.append(number)
                buffer.append(";")
            }
            return buffer
        }
        #expect(!finished)
        #expect(completion.failure is CompletionFailed)
        // Only whole batches before the failed one were written, in order.
        let written = output.split(separator: ";").compactMap { Int($0) }
        #expect(written == Array(0..<written.count))
        #expect(written.count <= 500 && written.count % 10 == 0)
    }

    /// Two streamed renderings whose sessions share four "connections": with many more batches than the
    /// window, neither may wait forever for a connection the other holds.
    @Test(.timeLimit(.minutes(1)))
    func renderingsThatShareScarceConnectionsBothFinish() async {
        let connections = DispatchSemaphore(value: 4)
        let numbers = Array(0..<3_000)
        let completion = { @Sendable () -> BatchCompletion<Int> in
            BatchCompletion<Int>(workers: 3) { work in
                connections.wait()
                defer { connections.signal() }
                try work { $0 }
            }
        }
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var output = ""
                    return numbers.renderConcurrently(to: &output, batchSize: 5, completing: completion(), Self.numbered)
                        && output == numbers.map(String.init).joined(separator: ",")
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == [true, true])
    }

    @Test func aSessionThatCompletesNothingIsReportedNotRetriedForever() {
        let completion = BatchCompletion<Int>(workers: 2) { _ in }
        var output = ""
        let finished = Array(0..<100).renderConcurrently(to: &output, batchSize: 10, completing: completion, Self.numbered)
        #expect(!finished)
        #expect(completion.failure.map { "\($0)" } == "a report worker's session completed no batch")
        #expect(output.isEmpty)
    }

    /// JSONEncoder, one value after another, is the reference: with hundreds of commitments the report spans
    /// many batches, and the first element of each batch is where a separator could go missing or double.
    @Test func aReportOfManyBatchesRendersAsJSONEncoderEncodesIt() throws {
        var report = try Fixtures.seedLedger(clock: fixedClock)
            .complianceReport(asOf: try CalendarDate(validating: "2024-05-01"))
        let items = report.commitments
        report.commitments = (0..<150).flatMap { round in
            items.enumerated().map { offset, item in
                var copy = item
                copy.ref = CommitmentRef(round * items.count + offset + 1)
                return copy
            }
        }
        #expect(report.commitments.count > 4 * 64)
        #expect(JSONReportRenderer().render(report) == (try PrettyJSON.string(report)))
    }
}
