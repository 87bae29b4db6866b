/// The Markdown report's citation line, below each quote — ``> — title, publisher, date, <url>; S1 v2, code
/// points 120–178, text SHA-256 `…` `` — after the quote's indent.
enum MarkdownCitation: CitationStyle {
    static func appendHead(of cited: CitedSource, into head: inout ReportBuffer) {
        head.append("> — ")
        head.appendMarkdown(cited.title)
        head.append(", ")
        head.appendMarkdown(cited.publisher)
        if let published = cited.publishedOn {
            head.append(", ")
            head.append(published)
        }
        if let url = cited.linkableURL {
            head.append(", <")
            head.append(url, escaping: isNotAutolinkByte, marks: notAutolinkBytes) { byte, text in
                text.appendPercentEncoded(byte)
            }
            head.append(">")
        } else if let url = cited.url {
            head.append(", ")
            head.appendMarkdown(url)  // Text, not a link: only http(s) URLs become links.
        }
        head.append("; ")
        head.appendSourceVersion(of: cited)
    }

    static func appendTail(of cited: CitedSource, into tail: inout ReportBuffer) {
        tail.appendOrphanNote(of: cited)
        tail.append(", text SHA-256 `")
        tail.appendHex(cited.textSHA256)
        tail.append("`")
    }
}
