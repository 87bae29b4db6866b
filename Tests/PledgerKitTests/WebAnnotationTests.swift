import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

@Suite struct WebAnnotationTests {
    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The W3C Web Annotation Data Model's requirements for an annotation with a textual body and a specific
    /// target with text selectors (§3.1, §3.2.4, §4.1, §4.2.4, §4.2.5).
    private func expectW3CAnnotation(_ annotation: [String: Any], text: String?) {
        let context = annotation["@context"] as? String
        #expect(context == "http://www.w3.org/ns/anno.jsonld")
        #expect(annotation["type"] as? String == "Annotation")
        #expect((annotation["id"] as? String).map { $0.contains(":") && !$0.contains(" ") } == true, "id must be an IRI")
        let target = annotation["target"] as? [String: Any]
        #expect(target?["source"] is String)
        let selectors = target?["selector"] as? [[String: Any]] ?? []
        let quote = selectors.first { $0["type"] as? String == "TextQuoteSelector" }
        let position = selectors.first { $0["type"] as? String == "TextPositionSelector" }
        #expect(quote?["exact"] is String)
        let start = position?["start"] as? Int
        let end = position?["end"] as? Int
        #expect(start != nil && end != nil && start! <= end!)
        let bodies = annotation["body"] as? [[String: Any]] ?? []
        #expect(!bodies.isEmpty)
        for body in bodies {
            #expect(body["type"] as? String == "TextualBody")
            #expect(body["value"] is String)
        }
        if let text, let start, let end, let exact = quote?["exact"] as? String {
            let scalars = Array(text.unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == exact, "positions are code points")
        }
    }

    @Test func everyQuoteIsAW3CAnnotationWithRequiredFields() throws {
        let store = try Fixtures.seedLedger(clock: fixedClock)
        let collection = try json(try store.webAnnotations())
        #expect(collection["@context"] as? String == "http://www.w3.org/ns/anno.jsonld")
        #expect(collection["type"] as? String == "AnnotationCollection")
        let page = try #require(collection["first"] as? [String: Any])
        #expect(page["type"] as? String == "AnnotationPage")
        let items = try #require(page["items"] as? [[String: Any]])
        let dossiers = try store.dossiers()
        #expect(items.count == dossiers.count + dossiers.flatMap(\.evidence).count)
        #expect(collection["total"] as? Int == items.count)
        let texts = Dictionary(try store.sources().map { ($0.textSHA256.hex, try store.sourceText($0.ref).string) }, uniquingKeysWith: { a, _ in a })
        for (item, quote) in zip(items, dossiers.map(\.commitment.quote) + dossiers.flatMap(\.evidence).sorted { $0.ref < $1.ref }.map(\.quote)) {
            expectW3CAnnotation(item, text: texts[quote.anchor.textSHA256.hex])
        }
    }

    @Test func sourceWithoutURLIsIdentifiedByItsTextHash() throws {
        let (store, source) = try smallLedger()
        _ = try store.logCommitment(CommitmentDraft(
            promisors: [try slug("alice")], source: source, quote: "fix the bridge", madeOn: try date("2024-01-10")))
        let item = try #require(try store.webAnnotations().items.first)
        let target = try json(item)["target"] as? [String: Any]
        #expect((target?["source"] as? String)?.hasPrefix("ni:///sha-256;") == true)
        expectW3CAnnotation(try json(item), text: try store.sourceText(source).string)
    }
}
