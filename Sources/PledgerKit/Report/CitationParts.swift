/// How a report format cites a quote, in three parts: a head and a tail made of the quote's source version
/// and its metadata alone — a ``CitedSource``, so that nothing else can slip into parts made once and
/// reused — and between them the quote's code points.
protocol CitationStyle {
    /// What comes before the code points: the source, its version, and whatever else the format shows.
    static func appendHead(of cited: CitedSource, into text: inout ReportBuffer)
    /// What comes after them: an orphaned quote's note, the text's hash, and the format's closing markup.
    static func appendTail(of cited: CitedSource, into text: inout ReportBuffer)
}

/// What a citation's head and tail are made of: all of a quote's citation but its code points.
struct CitedSource {
    var source: SourceRef
    var version: Int
    var textSHA256: SHA256Hash
    var orphanedIn: Int?
    var publishedOn: CalendarDate?
    var publisher: String
    var title: String
    var url: String?

    init(_ quote: ComplianceReport.CitedQuote) {
        source = quote.source
        version = quote.version
        textSHA256 = quote.textSHA256
        orphanedIn = quote.orphanedIn
        publishedOn = quote.publishedOn
        publisher = quote.publisher
        title = quote.title
        url = quote.url
    }

    /// The source's URL when a report may make it a link: `http:` and `https:` only, so that a `javascript:`
    /// or `data:` URL recorded with a source can never run in a reader's browser. Others are shown as text.
    var linkableURL: String? {
        guard let url else { return nil }
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? url : nil
    }

    /// Whether `quote` is cited with the same parts: the same source version, hash and orphan note, and
    /// the same metadata byte for byte (`==` would take text in another Unicode normalization as equal).
    func citesAlike(_ quote: ComplianceReport.CitedQuote) -> Bool {
        source == quote.source && version == quote.version && textSHA256 == quote.textSHA256
            && orphanedIn == quote.orphanedIn && publishedOn == quote.publishedOn
            && Self.sameBytes(publisher, quote.publisher) && Self.sameBytes(title, quote.title)
            && Self.sameBytes(url, quote.url)
    }

    private static func sameBytes(_ first: String?, _ second: String?) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        return first.withUTF8Bytes { first in second.withUTF8Bytes { first.holdsSameBytes(as: $0) } }
    }
}

/// The citations of a batch's quotes in one format (see ``CitationStyle``), with the parts that depend only
/// on the quote's source version made once per source version rather than per quote: a report cites a
/// million quotes from far fewer sources.
struct CitationParts<Style: CitationStyle> {
    private var cache = CitationCache()

    /// Appends the citation of `quote`.
    mutating func append(_ quote: ComplianceReport.CitedQuote, into text: inout ReportBuffer) {
        let index = cache.index(of: quote) { cited in
            var parts = (head: ReportBuffer(), tail: ReportBuffer())
            Style.appendHead(of: cited, into: &parts.head)
            Style.appendTail(of: cited, into: &parts.tail)
            return parts
        }
        text.append(cache.head(at: index))
        text.appendCodePoints(of: quote)
        text.append(cache.tail(at: index))
    }
}

/// The two parts of a citation that a quote's source version decides — what goes before the quote's own
/// part, and what after — made once per source version and variant in a batch and read by index after that.
/// A variant tells apart parts of one source version made differently: the JSON report's, by the depth of
/// the quote's object.
struct CitationCache {
    private struct Key: Hashable {
        var source: Int
        var version: Int
        var variant: Int
    }

    /// What the parts were made of and for, and the parts.
    private struct Parts {
        var cited: CitedSource
        var variant: Int
        var head: ReportBuffer
        var tail: ReportBuffer
    }

    /// Read in place, by index, and not copied out: a copy would retain every string the parts hold.
    private var made: [Parts] = []
    private var indices: [Key: Int] = [:]
    /// The index of the parts used last: the next quote is most often from the same source version.
    private var last = 0

    /// The index of the parts for `quote` and `variant`, made now with `make` if need be — from a
    /// ``CitedSource`` alone, so that nothing of one quote can slip into parts reused for others.
    mutating func index(
        of quote: ComplianceReport.CitedQuote, variant: Int = 0,
        make: (CitedSource) -> (head: ReportBuffer, tail: ReportBuffer)
    ) -> Int {
        if made.indices.contains(last), made[last].variant == variant, made[last].cited.citesAlike(quote) {
            return last
        }
        let key = Key(source: quote.source.number, version: quote.version, variant: variant)
        if let index = indices[key], made[index].cited.citesAlike(quote) {
            last = index
            return index
        }
        if made.count >= 1024 {  // A batch cites a few sources; a damaged ledger may make more of one.
            made.removeAll(keepingCapacity: true)
            indices.removeAll(keepingCapacity: true)
        }
        let cited = CitedSource(quote)
        let parts = make(cited)
        made.append(Parts(cited: cited, variant: variant, head: parts.head, tail: parts.tail))
        indices[key] = made.count - 1
        last = made.count - 1
        return last
    }

    /// What goes before the quote's own part, of the parts at `index`.
    func head(at index: Int) -> ReportBuffer { made[index].head }

    /// What goes after the quote's own part, of the parts at `index`.
    func tail(at index: Int) -> ReportBuffer { made[index].tail }
}

extension ReportBuffer {
    /// Where a quote sits, in the same words in every format, begins with its source version: `S1 v2`.
    mutating func appendSourceVersion(of cited: CitedSource) {
        append(cited.source)
        append(" v")
        append(cited.version)
    }

    /// Then the part that differs from one quote of a source version to the next: `, code points 120–178`.
    mutating func appendCodePoints(of quote: ComplianceReport.CitedQuote) {
        append(", code points ")
        append(quote.start)
        append("–")
        append(quote.end)
    }

    /// And, for an orphaned quote only, ` (not found again in v3, the source’s latest version)`.
    mutating func appendOrphanNote(of cited: CitedSource) {
        if let orphanedIn = cited.orphanedIn {
            append(" (not found again in v")
            append(orphanedIn)
            append(", the source’s latest version)")
        }
    }
}
