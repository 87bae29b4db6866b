import Foundation
import PledgerTestSupport
import Testing

@Suite struct ConcurrentWriterTests {
    @Test func severalProcessesAppendingAtOnceAllLandWithoutGaps() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        let writers = 6
        let appendsPerWriter = 15
        try test.runConcurrentWriters(writers, appendsEach: appendsPerWriter)
        let entries = try #require(try test.json(["log", "--format", "json"]) as? [[String: Any]])
        #expect(entries.count == 1 + writers * appendsPerWriter)
        #expect(entries.compactMap { $0["index"] as? Int } == Array(0..<entries.count))
        let verify = try test.cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
