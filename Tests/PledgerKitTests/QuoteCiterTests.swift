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
}
