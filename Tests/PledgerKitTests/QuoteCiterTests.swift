import Foundation
import Testing

@testable import PledgerKit

struct QuoteCiterTests {
    private static let hash = SHA256Hash.digest(of: Data("text".utf8))

    private static func source(_ number: Int, latestVersion: Int = 1) -> Source {
        Source(
            ref: SourceRef(number),
            metadata: SourceMetadata(
                title: "Title \(number)", publisher: "Publisher \(number)", url: "https://example.org/\(number)",
                publishedOn: try? CalendarDate(validating: "2024-01-0\(number % 9 + 1)")),
            latestVersion: latestVersion, originalSHA256: hash, textSHA256: hash, textLength: 10, entryHash: hash)
    }

    private static func quote(in number: Int, version: Int = 1) -> AnchoredQuote {
        AnchoredQuote(
            source: SourceRef(number), version: version,
            anchor: QuoteAnchor(start: 0, end: 4, exact: "text", prefix: "", suffix: "", textSHA256: hash))
    }

    @Test func citesEachQuoteWithItsOwnSourcesMetadata() throws {
        let citer = QuoteCiter(sources: [Self.source(2, latestVersion: 3), Self.source(1)])
        let first = citer.cite(Self.quote(in: 1))
        #expect(first.title == "Title 1" && first.publisher == "Publisher 1" && first.url == "https://example.org/1")
        #expect(first.publishedOn == (try? CalendarDate(validating: "2024-01-02")) && first.orphanedIn == nil)
        let second = citer.cite(Self.quote(in: 2, version: 2))
        #expect(second.title == "Title 2" && second.version == 2 && second.orphanedIn == 3)
    }

    /// A damaged ledger can number its sources anything: the citation is still found, and a huge number
    /// does not make the citer allocate for every number below it.
    @Test func sourcesNumberedOutsideOneThroughTheirCountAreStillCited() {
        let numbers = [0, -4, 7, Int.max]
        let citer = QuoteCiter(sources: numbers.map { Self.source($0) })
        for number in numbers {
            #expect(citer.cite(Self.quote(in: number)).title == "Title \(number)")
        }
    }

    @Test func aQuoteWhoseSourceIsNotListedIsCitedWithoutMetadata() {
        let cited = QuoteCiter(sources: []).cite(Self.quote(in: 5, version: 2))
        #expect(cited.title.isEmpty && cited.publisher.isEmpty && cited.url == nil && cited.publishedOn == nil)
        #expect(cited.source == SourceRef(5) && cited.version == 2 && cited.orphanedIn == nil && cited.exact == "text")
    }

    /// The text renderer makes the parts of a citation that depend on the source version once, and reuses
    /// them; a quote whose source version reads differently — as in a damaged ledger — still gets its own.
    @Test func textCitationsReuseTheirSourceVersionsPartsOnlyWhenTheyMatch() throws {
        let citer = QuoteCiter(sources: [Self.source(1), Self.source(2, latestVersion: 2)])
        var moved = citer.cite(Self.quote(in: 1))
        moved.start = 120
        moved.end = 178
        var retitled = moved
        retitled.title = "Another title"
        var rehashed = moved
        rehashed.textSHA256 = SHA256Hash.digest(of: Data("other".utf8))
        let orphan = citer.cite(Self.quote(in: 2))
        var unlinked = moved
        unlinked.url = nil
        var undated = moved
        undated.publishedOn = nil
        var orphaned = moved
        orphaned.orphanedIn = 4
        var decomposed = moved
        decomposed.title = "Title 1 Cafe\u{301}"  // Equal to the composed one by `==`, not byte for byte.
        var composed = moved
        composed.title = "Title 1 Caf\u{E9}"
        var parts = CitationParts<TextCitation>()
        var text = ReportBuffer()
        for quote in [
            citer.cite(Self.quote(in: 1)), moved, retitled, rehashed, orphan, moved, unlinked, undated, orphaned,
            decomposed, composed,
        ] {
            parts.append(quote, into: &text)
            text.append(byte: 0x0A)
        }
        let hash16 = String(Self.hash.hex.prefix(16))
        let other16 = String(SHA256Hash.digest(of: Data("other".utf8)).hex.prefix(16))
        let head = "— Publisher 1, “Title 1”, 2024-01-02, https://example.org/1; S1 v1"
        let expected = [
            "\(head), code points 0–4, text SHA-256 \(hash16)…",
            "\(head), code points 120–178, text SHA-256 \(hash16)…",
            "— Publisher 1, “Another title”, 2024-01-02, https://example.org/1; S1 v1, code points 120–178, text SHA-256 \(hash16)…",
            "\(head), code points 120–178, text SHA-256 \(other16)…",
            "— Publisher 2, “Title 2”, 2024-01-03, https://example.org/2; S2 v1, code points 0–4 (not found again in v2, the source’s latest version), text SHA-256 \(hash16)…",
            "\(head), code points 120–178, text SHA-256 \(hash16)…",
            "— Publisher 1, “Title 1”, 2024-01-02; S1 v1, code points 120–178, text SHA-256 \(hash16)…",
            "— Publisher 1, “Title 1”, https://example.org/1; S1 v1, code points 120–178, text SHA-256 \(hash16)…",
            "\(head), code points 120–178 (not found again in v4, the source’s latest version), text SHA-256 \(hash16)…",
            "— Publisher 1, “Title 1 Cafe\u{301}”, 2024-01-02, https://example.org/1; S1 v1, code points 120–178, text SHA-256 \(hash16)…",
            "— Publisher 1, “Title 1 Caf\u{E9}”, 2024-01-02, https://example.org/1; S1 v1, code points 120–178, text SHA-256 \(hash16)…",
        ]
        // Compared byte for byte: `==` on strings would take the decomposed and composed titles as equal.
        #expect(text.withBytes(Array.init) == Array(expected.map { $0 + "\n" }.joined().utf8))
    }

    @Test func textCitationsStayExactPastTheNumberOfPartsABatchKeeps() {
        let citer = QuoteCiter(sources: (1...1_100).map { Self.source($0) })
        var parts = CitationParts<TextCitation>()
        for number in [Array(1...1_100), [1, 1_100, 3]].joined() {
            var text = ReportBuffer()
            parts.append(citer.cite(Self.quote(in: number)), into: &text)
            let date = "2024-01-0\(number % 9 + 1)"
            #expect(text.string.hasPrefix("— Publisher \(number), “Title \(number)”, \(date), https://example.org/\(number); S\(number) v1,"))
        }
    }
}
