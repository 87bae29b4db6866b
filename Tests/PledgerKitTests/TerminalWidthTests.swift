import Foundation
import PledgerKit
import Testing

@Suite struct TerminalWidthTests {
    @Test(arguments: [
        ("Xi Jinping", 10), ("“dramatically curtail” — 60 days…", 33), ("中华人民共和国", 14), ("Xi 习近平", 9),
        ("e\u{301}te\u{301}", 3), ("한국어", 6), ("ｆｕｌｌ", 8), ("", 0),
    ])
    func columnsCountWideCharactersTwiceAndCombiningMarksNotAtAll(text: String, columns: Int) {
        #expect(TerminalWidth.columns(of: text) == columns)
    }

    @Test func clippingCutsToColumnsNotCharacters() {
        #expect(TerminalWidth.clipped("中华人民共和国国务院", to: 9) == "中华人民…")
        #expect(TerminalWidth.columns(of: TerminalWidth.clipped("中华人民共和国国务院", to: 10)) <= 10)
        #expect(TerminalWidth.clipped("Xi Jinping", to: 10) == "Xi Jinping")
        #expect(TerminalWidth.clipped("Xi Jinping!", to: 10) == "Xi Jinpin…")
    }

    @Test func theTextReportAlignsItsTablesWhenANameIsChinese() throws {
        let store = try LedgerStore.inMemory(clock: fixedClock)
        let source = try store.addSource(
            bytes: Array("国务院 will curb exports. Alice will pave roads.".utf8),
            metadata: SourceMetadata(title: "News", publisher: "Gazette", publishedOn: try date("2024-01-01"))
        ).source.ref
        _ = try store.addActor(slug: slug("state-council"), name: "中华人民共和国国务院办公厅新闻发言人", kind: .government)
        _ = try store.addActor(slug: slug("alice"), name: "Alice", kind: .person)
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [slug("state-council")], source: source, quote: "will curb exports", summary: "遏制出口"))
        _ = try store.logCommitment(CommitmentDraft(promisors: [slug("alice")], source: source, quote: "will pave roads"))
        let text = TextReportRenderer().render(try store.complianceReport(asOf: date("2024-02-01")))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for header in ["  ACTOR", "  REF"] {
            let start = try #require(lines.firstIndex { $0.hasPrefix(header) })
            let table = lines[start...].prefix { !$0.isEmpty }
            #expect(table.count == 4 || table.count == 3)
            // Where each row's last column starts, in terminal columns: the same on every row.
            let lastColumn = table.map { line -> Int in
                let gap = line.range(of: "  ", options: .backwards)?.upperBound ?? line.startIndex
                return TerminalWidth.columns(of: String(line[..<gap]))
            }
            #expect(Set(lastColumn).count == 1, "\(header) table:\n\(table.joined(separator: "\n"))")
        }
    }
}
