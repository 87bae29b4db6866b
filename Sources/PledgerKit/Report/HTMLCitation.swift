/// The HTML report's citation, below each quote: `publisher, “title” (a link to an http(s) URL), date ·
/// S1 v2, code points 120–178 · text SHA-256 …`, closing the quote's figure.
enum HTMLCitation: CitationStyle {
    static func appendHead(of quote: ComplianceReport.CitedQuote, into head: inout ReportBuffer) {
        head.append("<figcaption>")
        head.appendHTMLText(quote.publisher)
        head.append(", ")
        if let url = quote.linkableURL {
            head.append("<a href=\"")
            head.appendHTMLEscaped(url)
            head.append("\">“")
            head.appendHTMLText(quote.title)
            head.append("”</a>")
        } else {
            head.append("“")
            head.appendHTMLText(quote.title)
            head.append("”")
            if let url = quote.url {
                head.append(" (")
                head.appendHTMLText(url)
                head.append(")")
            }
        }
        if let published = quote.publishedOn {
            head.append(", <time>")
            head.append(published)
            head.append("</time>")
        }
        head.append(" · ")
        head.appendSourceVersion(of: quote)
    }

    static func appendTail(of quote: ComplianceReport.CitedQuote, into tail: inout ReportBuffer) {
        tail.appendOrphanNote(of: quote)
        tail.append(" · text SHA-256 <code class=\"hash\">")
        tail.appendHex(quote.textSHA256)
        tail.append("</code></figcaption></figure>\n")
    }
}
