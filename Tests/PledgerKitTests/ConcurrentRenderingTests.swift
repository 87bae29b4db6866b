import Foundation
import PledgerTestSupport
import Testing

@testable import PledgerKit

/// Commitments render on every core in batches; the bytes must come out as a one-by-one rendering would.
struct ConcurrentRenderingTests {
    @Test(arguments: [1, 7, 64, 10_000])
    func batchesReachTheOutputInTheElementsOrder(batchSize: Int) {
        let numbers = Array(0..<5_000)
        var output = ""
        numbers.renderConcurrently(to: &output, batchSize: batchSize) { batch, isFirst in
            var buffer = ReportBuffer()
            for number in batch {
                if number != 0 || !isFirst { buffer.append(",") }
                buffer.append(number)
            }
            return buffer
        }
        #expect(output == numbers.map(String.init).joined(separator: ","))
    }

    @Test func anEmptyArrayWritesNothing() {
        var output = ""
        [Int]().renderConcurrently(to: &output) { _, _ in
            var buffer = ReportBuffer()
            buffer.append("batch")
            return buffer
        }
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
