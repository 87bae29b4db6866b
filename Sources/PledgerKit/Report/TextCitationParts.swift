/// The text citations of a batch's quotes — `— publisher, “title”, date, url; S1 v2, code points 120–178,
/// text SHA-256 1a2b…` — with the parts that depend only on the quote's source version made once per
/// source version rather than per quote: a report cites a million quotes from far fewer sources.
struct TextCitationParts {
    private struct Key: Hashable {
        var source: Int
        var version: Int
    }

    /// What comes before and after a quote's code points, and the quote they were made for.
    private struct Parts {
        var quote: ComplianceReport.CitedQuote
        var head = ReportBuffer()
        var tail = ReportBuffer()
    }

    /// Read in place, by index, and not copied out: a copy would retain every string the parts hold.
    private var made: [Parts] = []
    private var indices: [Key: Int] = [:]
    /// The index of the parts used last: the next quote is most often from the same source version.
    private var last = 0

    /// Appends the citation of `quote`.
    mutating func append(_ quote: ComplianceReport.CitedQuote, into text: inout ReportBuffer) {
        let index = index(of: quote)
        text.append(made[index].head)
        text.appendCodePoints(of: quote)
        text.append(made[index].tail)
    }

    /// The index of parts made for `quote`, made now if need be.
    private mutating func index(of quote: ComplianceReport.CitedQuote) -> Int {
        if made.indices.contains(last), Self.citeAlike(made[last].quote, quote) {
            return last
        }
        let key = Key(source: quote.source.number, version: quote.version)
        if let index = indices[key], Self.citeAlike(made[index].quote, quote) {
            last = index
            return index
        }
        if made.count >= 1024 {  // A batch cites a few sources; a damaged ledger may make more of one.
            made.removeAll(keepingCapacity: true)
            indices.removeAll(keepingCapacity: true)
        }
        made.append(Self.parts(of: quote))
        indices[key] = made.count - 1
        last = made.count - 1
        return last
    }

    private static func parts(of quote: ComplianceReport.CitedQuote) -> Parts {
        var parts = Parts(quote: quote)
        parts.head.append("— ")
        parts.head.append(quote.publisher)
        parts.head.append(", “")
        parts.head.append(quote.title)
        parts.head.append("”")
        if let published = quote.publishedOn {
            parts.head.append(", ")
            parts.head.append(published)
        }
        if let url = quote.url {
            parts.head.append(", ")
            parts.head.append(url)
        }
        parts.head.append("; ")
        parts.head.appendSourceVersion(of: quote)
        parts.tail.appendOrphanNote(of: quote)
        parts.tail.append(", text SHA-256 ")
        parts.tail.appendHex(quote.textSHA256, digits: 16)
        parts.tail.append("…")
        return parts
    }

    /// Whether two quotes' citations differ in their code points at most. Quotes of one source version
    /// always do in a sound ledger; this keeps a damaged one's citations exact too.
    private static func citeAlike(_ first: ComplianceReport.CitedQuote, _ second: ComplianceReport.CitedQuote) -> Bool {
        first.source == second.source && first.version == second.version && first.textSHA256 == second.textSHA256
            && first.orphanedIn == second.orphanedIn && first.publishedOn == second.publishedOn
            && first.publisher == second.publisher && first.title == second.title && first.url == second.url
    }
}
