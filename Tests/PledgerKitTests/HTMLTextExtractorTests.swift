import Foundation
import PledgerKit
import Testing

@Suite struct HTMLTextExtractorTests {
    static let page = """
        <!DOCTYPE html>
        <html><head><title>Ignored title</title><style>p { color: red }</style>
        <script>var promise = "not text";</script></head>
        <body>
          <header><a href="/">Home</a> | <a href="/news">News</a></header>
          <nav><ul><li>Menu item</li></ul></nav>
          <article>
            <h1>Summit   ends</h1>
            <p>Xi said China would take steps to <em>“dramatically <b>curtail</b>”</em> the
               production of fentanyl precursors &amp; their trafficking.</p>
            <p>The working group meets in&nbsp;January &mdash; officials said &lt;soon&gt;.<br>Second line.</p>
            <script>document.write("<p>injected</p>")</script>
            <noscript>Enable JavaScript</noscript>
            <div hidden>secret</div>
          </article>
          <aside>Related stories</aside>
          <footer>© 2024 Example News</footer>
        </body></html>
        """

    @Test func readableTextDropsBoilerplateAndKeepsParagraphs() throws {
        let text = try HTMLTextExtractor.text(fromHTML: Array(Self.page.utf8))
        #expect(text == """
            Summit ends

            Xi said China would take steps to “dramatically curtail” the production of fentanyl precursors & their trafficking.

            The working group meets in\u{00A0}January — officials said <soon>.
            Second line.

            """)
        for dropped in ["Ignored", "color", "not text", "Home", "Menu", "injected", "JavaScript", "secret", "Related", "2024"] {
            #expect(!text.contains(dropped), "\(dropped) should be dropped")
        }
    }

    @Test func nestedMarkupAndNBSPAreQuotableTolerantly() throws {
        let (store, _) = try smallLedger()
        let source = try store.addSource(
            bytes: Array(Self.page.utf8), metadata: SourceMetadata(title: "Summit", publisher: "Example News")
        ).source
        #expect(try store.sourceVersions(source.ref).first?.mediaType == "text/html")
        #expect(source.originalSHA256 == SHA256Hash.digest(of: Array(Self.page.utf8)))
        #expect(source.originalSHA256 != source.textSHA256)
        _ = try store.addActor(slug: slug("xi-jinping"), name: "Xi", kind: .person)
        let commitment = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("xi-jinping")], source: source.ref,
            quote: "take steps to \"dramatically curtail\" the production", madeOn: try date("2023-11-15")))
        #expect(commitment.quote.anchor.exact == "take steps to “dramatically curtail” the production")
        let evidence = try store.attachEvidence(EvidenceDraft(
            commitment: commitment.ref, source: source.ref, quote: "meets in January -- officials", stance: .context))
        #expect(evidence.quote.anchor.exact == "meets in\u{00A0}January — officials")
        #expect(try store.verify().isEmpty)
    }

    @Test func htmlIsDetectedByExtensionOrContent() {
        #expect(SourceMediaType.detect(fileName: "page.HTM", bytes: Array("plain".utf8)) == .html)
        #expect(SourceMediaType.detect(fileName: nil, bytes: Array("\u{FEFF}  <!-- saved --><!doctype html><p>x".utf8)) == .html)
        #expect(SourceMediaType.detect(fileName: "notes.txt", bytes: Array("a < b, and <p> is a tag".utf8)) == .plainText)
    }

    @Test func bytesThatAreNotUTF8InALeadingCommentNeitherCrashNorHideTheMarkupAfterIt() {
        let invalid = [UInt8](repeating: 0xFF, count: 10)
        let comment = Array("<!--".utf8) + invalid + Array("-->".utf8)
        #expect(!HTMLTextExtractor.looksLikeHTML(comment))
        #expect(HTMLTextExtractor.looksLikeHTML(comment + Array("<html><p>x".utf8)))
        #expect(HTMLTextExtractor.looksLikeHTML(Array("<!-- caf".utf8) + [0xE9] + Array(" --><!doctype html>".utf8)))
    }

    @Test func declaredCharsetIsHonoured() throws {
        var bytes = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>caf".utf8)
        bytes.append(0xE9)
        bytes += Array("</p></body></html>".utf8)
        #expect(try HTMLTextExtractor.text(fromHTML: bytes) == "café\n")
    }

    @Test func pageWithoutTextIsRefused() throws {
        let (store, _) = try smallLedger()
        try expectRefusedWithoutWriting(store) {
            _ = try store.addSource(
                bytes: Array("<html><body><script>x()</script><nav>menu</nav></body></html>".utf8),
                metadata: SourceMetadata(title: "Empty", publisher: "P"), mediaType: .html)
        }
    }
}
