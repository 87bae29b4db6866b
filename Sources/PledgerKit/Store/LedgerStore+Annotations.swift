import GRDB

extension LedgerStore {
    /// Every quote in the ledger — each commitment's, then each piece of evidence's — as a W3C Web Annotation,
    /// in one `AnnotationCollection` stamped with the ledger's size and root.
    ///
    /// Quotes point at their current anchors; an orphaned quote keeps its anchor in the older version and says
    /// so in a `commenting` body.
    public func webAnnotations() throws -> WebAnnotationCollection {
        let head = try head()
        let dossiers = try dossiers()
        let sources = Dictionary(try sources().map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
        let orphans = Dictionary(try orphanedQuotes().map { ($0.owner, $0) }, uniquingKeysWith: { first, _ in first })
        let recorded = try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT 'C' || c.id AS owner, e.recorded_at, e.author FROM commitment c JOIN entry e ON e.seq = c.entry_seq
                    UNION ALL
                    SELECT 'E' || v.id, e.recorded_at, e.author FROM evidence v JOIN entry e ON e.seq = v.entry_seq
                    """)
            return Dictionary(
                try rows.map { row -> (String, (String, String)) in
                    let owner: String = try row.stored("owner", of: "a quote's owner")
                    return (owner, (try row.stored("recorded_at", of: "\(owner)'s entry"), try row.stored("author", of: "\(owner)'s entry")))
                },
                uniquingKeysWith: { first, _ in first })
        }

        func annotation(owner: String, entryHash: SHA256Hash, quote: AnchoredQuote, motivation: String, bodies: [WebAnnotation.TextualBody])
            -> WebAnnotation
        {
            var bodies = bodies + [WebAnnotation.TextualBody(value: owner, purpose: "identifying")]
            let orphan = orphans[owner]
            if let orphan {
                bodies.append(WebAnnotation.TextualBody(
                    value: "orphaned: not found in \(quote.source) v\(orphan.orphanedIn) (best score \(orphan.bestScore)); the selectors refer to v\(quote.version)",
                    purpose: "commenting"))
            }
            let url = orphan == nil ? sources[quote.source]?.metadata.url : nil
            let (created, author) = recorded[owner] ?? ("", "")
            return WebAnnotation(
                id: "urn:pledger:\(entryHash.hex):\(owner)", motivation: motivation, created: created,
                creator: WebAnnotation.Creator(name: author), body: bodies,
                target: WebAnnotation.Target(
                    source: url ?? WebAnnotation.contentIRI(quote.anchor.textSHA256),
                    selector: WebAnnotation.selectors(of: quote.anchor)))
        }

        var items: [WebAnnotation] = []
        for dossier in dossiers {
            let commitment = dossier.commitment
            let promisors = commitment.promisors.map(\.rawValue).joined(separator: ", ")
            var bodies = [
                WebAnnotation.TextualBody(
                    value: "\(commitment.ref) — commitment by \(promisors)\(commitment.promisee.map { " to \($0)" } ?? ""), made \(commitment.madeOn)\(commitment.dueOn.map { ", due \($0)" } ?? ""): \(commitment.summary)",
                    purpose: "describing")
            ]
            bodies += commitment.tags.map { WebAnnotation.TextualBody(value: $0, purpose: "tagging") }
            items.append(annotation(
                owner: commitment.ref.description, entryHash: commitment.entryHash, quote: commitment.quote,
                motivation: "describing", bodies: bodies))
        }
        for evidence in dossiers.flatMap(\.evidence).sorted(by: { $0.ref < $1.ref }) {
            let body = WebAnnotation.TextualBody(
                value: "\(evidence.ref) — evidence that \(evidence.stance.rawValue == "context" ? "gives context to" : evidence.stance.rawValue) \(evidence.commitment), observed \(evidence.observedOn)\(evidence.note.map { ": \($0)" } ?? "")",
                purpose: "assessing")
            items.append(annotation(
                owner: evidence.ref.description, entryHash: evidence.entryHash, quote: evidence.quote,
                motivation: "assessing", bodies: [body]))
        }
        return WebAnnotationCollection(
            id: "urn:pledger:root:\(head.rootHash.hex)",
            label: "Pledger quotes at \(head.size) entries, root \(head.rootHash.hex)", items: items)
    }
}
