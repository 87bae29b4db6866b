/// The HTML report's citation, below each quote: `publisher, “title” (a link to an http(s) URL), date ·
/// S1 v2, code points 120–178 · text SHA-256 …`, the quote's figure caption.
enum HTMLCitation: CitationStyle {
    static func appendHead(of cited: CitedSource, into head: inout ReportBuffer) {
        head.append("<figcaption>")
        head.appendHTMLText(cited.publisher)
        head.append(", ")
        if let url = cited.linkableURL {
            head.append("<a href=\"")
            head.appendHTMLEscaped(url)
            head.append("\">“")
            head.appendHTMLText(cited.title)
            head.append("”</a>")
        } else {
            head.append("“")
            head.appendHTMLText(cited.title)
            head.append("”")
            if let url = cited.url {
                head.append(" (")
                head.appendHTMLText(url)
                head.append(")")
            }
        }
        if let published = cited.publishedOn {
            head.append(", <time>")
            head.append(published)
            head.append("</time>")
        }
        head.append(" · ")
        head.appendSourceVersion(of: cited)
    }

    static func appendTail(of cited: CitedSource, into tail: inout ReportBuffer) {
        tail.appendOrphanNote(of: cited)
        tail.append(" · text SHA-256 <code class=\"hash\">")
        tail.appendHex(cited.textSHA256)
        tail.append("</code></figcaption>")
    }
}
