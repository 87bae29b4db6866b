import Foundation
import PledgerTestSupport
import Testing

@Suite struct ProofJSONTests {
    @Test func proveAndConsistencyPrintTheirProofsAsJSON() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["demo", "--fixtures", Fixtures.seedCaseFolder.path])
        try test.cli.succeed(["key", "generate", "--db", "pledger-demo.sqlite"])
        try test.cli.succeed(["checkpoint", "--db", "pledger-demo.sqlite", "-o", "old.checkpoint"])
        let inclusion = try #require(try test.json(["prove", "C1", "--db", "pledger-demo.sqlite", "--format", "json"]) as? [String: Any])
        #expect(inclusion["index"] as? Int == 10)
        #expect((inclusion["inclusionProof"] as? [String])?.allSatisfy { $0.count == 64 } == true)
        #expect((inclusion["checkpoint"] as? String)?.contains("\n24\n") == true)
        try test.cli.succeed(["actor", "add", "someone", "--name", "Someone", "--kind", "person", "--db", "pledger-demo.sqlite"])
        let consistency = try #require(
            try test.json(["consistency", "old.checkpoint", "--db", "pledger-demo.sqlite", "--format", "json"]) as? [String: Any])
        #expect(consistency["oldSize"] as? Int == 24)
        #expect(consistency["newSize"] as? Int == 26)
        #expect((consistency["hashes"] as? [String])?.isEmpty == false)
    }
}
