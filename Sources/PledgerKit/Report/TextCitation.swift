/// The text report's citation: `— publisher, “title”, date, url; S1 v2, code points 120–178, text SHA-256
/// 1a2b…`.
enum TextCitation: CitationStyle {
    static func appendHead(of cited: CitedSource, into head: inout ReportBuffer) {
        head.append("— ")
        head.append(contentsOf: cited.publisher)
        head.append(", “")
        head.append(contentsOf: cited.title)
        head.append("”")
        if let published = cited.publishedOn {
            head.append(", ")
            head.append(published)
        }
        if let url = cited.url {
            head.append(", ")
            head.append(contentsOf: url)
        }
        head.append("; ")
        head.appendSourceVersion(of: cited)
    }

    static func appendTail(of cited: CitedSource, into tail: inout ReportBuffer) {
        tail.appendOrphanNote(of: cited)
        tail.append(", text SHA-256 ")
        tail.appendHex(cited.textSHA256, digits: 16)
        tail.append("…")
    }
}
