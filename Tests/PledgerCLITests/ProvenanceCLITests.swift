import Foundation
import PledgerTestSupport
import Testing

@Suite struct ProvenanceCLITests {
    static let version1 = "City Hall, Tuesday.\n\nThe mayor said the city will rebuild the north bridge before the winter floods arrive.\n\nThe budget vote is next week.\n"

    /// A ledger with S1 (version1) and C1 quoting it.
    private func ledgerWithQuote(_ test: CLITestCase) throws {
        try test.cli.succeed(["init"])
        try test.directory.write(Self.version1, to: "v1.txt")
        try test.cli.succeed(["source", "add", "v1.txt", "--title", "Bridge", "--publisher", "Gazette", "--published", "2024-01-10"])
        try test.cli.succeed(["actor", "add", "mayor", "--name", "The Mayor", "--kind", "person"])
        try test.cli.succeed(["commitment", "add", "--by", "mayor", "--source", "S1", "--quote", "rebuild the north bridge before the winter floods"])
    }

    @Test func reviseMovesQuotesAndShowsEveryVersion() throws {
        let test = try CLITestCase()
        try ledgerWithQuote(test)
        try test.directory.write("Correction appended.\n\n" + Self.version1, to: "v2.txt")
        let revised = try test.cli.succeed(["source", "revise", "S1", "v2.txt"])
        #expect(revised.contains("Revised S1 to v2"))
        #expect(revised.contains("C1: exact, S1 v1 → v2, code points 50–99 → 72–121, score 1.0"))
        let old = try test.cli.succeed(["source", "show", "S1", "--text", "--version", "1"])
        #expect(old.hasPrefix("City Hall"))
        #expect(try test.cli.succeed(["source", "show", "S1", "--text"]).hasPrefix("Correction appended."))
        #expect(try test.cli.succeed(["source", "show", "S1"]).contains("v2  "))
        expectRefusal(try test.cli.run(["source", "show", "S1", "--version", "3"]), mentioning: "has no version 3; it has versions 1–2")
        // The entry hash shown beside the latest version's hashes is the revision's, from the log.
        let log = try #require(
            try JSONSerialization.jsonObject(with: Data(try test.cli.succeed(["log", "--format", "json"]).utf8)) as? [[String: Any]])
        let hashes = Dictionary(log.compactMap { entry in
            (entry["kind"] as? String).flatMap { kind in (entry["leafHash"] as? String).map { (kind, $0) } }
        }, uniquingKeysWith: { first, _ in first })
        let shown = try test.cli.succeed(["source", "show", "S1"])
        #expect(shown.contains("  entry hash:    \(try #require(hashes["source.revised"])) (the revision to v2)"), "\(shown)")
        #expect(shown.contains("  added by:      \(try #require(hashes["source.added"])) (v1)"), "\(shown)")
        #expect(try test.cli.succeed(["show", "S1"]).contains("(the revision to v2)"))
        let result = try test.cli.run(["verify"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func orphanedQuoteIsShownListedAndWarnedButVerifyPasses() throws {
        let test = try CLITestCase()
        try ledgerWithQuote(test)
        try test.cli.succeed(["evidence", "add", "C1", "--source", "S1", "--quote", "before the winter floods", "--stance", "context"])
        try test.directory.write("City Hall, Tuesday.\n\nThe budget vote is next week.\n", to: "v2.txt")
        let revised = try test.cli.run(["source", "revise", "S1", "v2.txt"])
        #expect(revised.status == 0)
        #expect(revised.stdout.contains("C1: ORPHANED"))
        #expect(revised.stderr.contains("orphaned: C1"))
        let shown = try test.cli.succeed(["show", "C1"])
        #expect(shown.contains("ORPHANED: not found in S1 v2"))
        #expect(shown.components(separatedBy: "ORPHANED").count == 3, "the commitment's quote and its evidence's: \(shown)")
        #expect(try test.cli.succeed(["show", "E1"]).contains("warning:    ORPHANED: not found in S1 v2"))
        let listed = try test.cli.succeed(["list", "--orphaned"])
        #expect(listed.contains("C1") && listed.contains("v1") && listed.contains("v2"))
        let verify = try test.cli.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("verify: warning: quote of C1 in S1: orphaned"))
        let json = try test.json(["verify", "--format", "json"]) as? [String: Any]
        #expect(json?["ok"] as? Bool == true)
        #expect((json?["warnings"] as? [String])?.count == 2, "C1 and E1")
    }

    @Test func refusedRevisionWritesNothing() throws {
        let test = try CLITestCase()
        try ledgerWithQuote(test)
        let count = try test.entryCount()
        expectRefusal(try test.cli.run(["source", "revise", "S1", "v1.txt"]), mentioning: "nothing to revise")
        expectRefusal(try test.cli.run(["source", "revise", "S9", "v1.txt"]), mentioning: "no source S9")
        #expect(try test.entryCount() == count)
    }

    @Test func htmlSourceIsAddedAsReadableText() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        try test.directory.write(
            "<html><body><nav>Menu</nav><p>We will cut&nbsp;emissions <b>by half</b>.</p><script>x()</script></body></html>",
            to: "page.html")
        try test.cli.succeed(["source", "add", "page.html", "--title", "Plan", "--publisher", "Ministry"])
        #expect(try test.cli.succeed(["source", "show", "S1", "--text"]) == "We will cut\u{00A0}emissions by half.\n")
        #expect(try test.cli.succeed(["source", "show", "S1"]).contains("from text/html"))
    }

    @Test func searchPrintsRankedRefsAndSnippets() throws {
        let test = try CLITestCase()
        try ledgerWithQuote(test)
        let text = try test.cli.succeed(["search", "north", "bridge"])
        #expect(text.split(separator: "\n").first?.hasPrefix("C1 ") == true)
        #expect(text.contains("[north] [bridge]"))
        let hits = try test.json(["search", "winter", "floods", "--format", "json", "--limit", "2"]) as? [[String: Any]]
        #expect(hits?.count == 2)
        #expect(hits?.compactMap { $0["ref"] as? String } == ["C1", "C1"])
        #expect(hits?.first?["commitment"] as? String == "C1")
        #expect(hits?.first?["snippet"] as? String != nil)
        #expect(try test.cli.succeed(["search", "zeppelin"]).contains("No matches"))
        expectRefusal(try test.cli.run(["search", "\"*"]), mentioning: "no words to look for")
    }

    @Test func exportAnnotationsWritesW3CAnnotationsAndJSONLinesStaysTheDefault() throws {
        let test = try CLITestCase()
        try ledgerWithQuote(test)
        let collection = try test.json(["export", "--format", "annotations"]) as? [String: Any]
        #expect(collection?["@context"] as? String == "http://www.w3.org/ns/anno.jsonld")
        let items = (collection?["first"] as? [String: Any])?["items"] as? [[String: Any]]
        #expect(items?.count == 1)
        #expect(items?.first?["type"] as? String == "Annotation")
        let selectors = (items?.first?["target"] as? [String: Any])?["selector"] as? [[String: Any]]
        #expect(selectors?.compactMap { $0["type"] as? String } == ["TextQuoteSelector", "TextPositionSelector"])
        let jsonl = try test.cli.succeed(["export"])
        #expect(jsonl.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"author\"") })
    }

    @Test func exportImportRoundTripAfterRevisionsKeepsTheRoot() throws {
        let test = try CLITestCase()
        try ledgerWithQuote(test)
        try test.directory.write("Update.\n\n" + Self.version1.replacingOccurrences(of: "rebuild", with: "rebiuld"), to: "v2.txt")
        try test.cli.succeed(["source", "revise", "S1", "v2.txt"])
        try test.directory.write("Nothing about bridges.\n", to: "v3.txt")
        try test.cli.succeed(["source", "revise", "S1", "v3.txt"])
        let export = try test.cli.run(["export", "-o", "log.jsonl"])
        let root = try #require(export.stderr.split(separator: " ").last.map { String($0.dropLast(2)) })
        let imported = try test.cli.succeed(["import", "log.jsonl", "--db", "copy.sqlite", "--expect-root", root])
        #expect(imported.contains("root \(root)"))
        let verify = try test.cli.run(["verify", "--db", "copy.sqlite"])
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("orphaned"))
    }
}
