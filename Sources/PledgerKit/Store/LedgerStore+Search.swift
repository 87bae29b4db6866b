import GRDB

extension LedgerStore {
    /// The most hits a search returns.
    public static let maximumSearchLimit = 1_000

    /// Full-text search over commitment summaries, quotes and criteria, evidence quotes and notes, assessment
    /// rationales, and source titles and texts (latest versions), ranked by bm25.
    ///
    /// Every word of `terms` must occur (in any letter case, accents ignored); a word ending in `*` matches as a
    /// prefix. FTS5 query syntax is not interpreted, so quotes and operators in `terms` are just text.
    public func search(_ terms: String, limit: Int = 20) throws -> [SearchHit] {
        let query = try Self.ftsQuery(terms)
        guard (1...Self.maximumSearchLimit).contains(limit) else {
            throw PledgerError.invalidInput("--limit \(limit) is out of range; pass a number from 1 to \(Self.maximumSearchLimit)")
        }
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ref, field, snippet(search_index, 3, '[', ']', '…', 16) AS snippet,
                           bm25(search_index) AS rank
                    FROM search_index WHERE search_index MATCH ?
                    ORDER BY rank, rowid LIMIT ?
                    """, arguments: [query, limit])
            return try rows.map { row in
                let ref: String = try row.stored("ref", of: "a search index row")
                return SearchHit(
                    ref: ref, field: try row.stored("field", of: "\(ref)'s search index row"),
                    commitment: try Self.commitment(concerning: ref, db),
                    snippet: try row.stored("snippet", of: "\(ref)'s search index row"),
                    rank: try row.stored("rank", of: "\(ref)'s search index row"))
            }
        }
    }

    /// `terms` as an FTS5 query: each word a quoted string, all required; a trailing `*` kept as a prefix search.
    static func ftsQuery(_ terms: String) throws -> String {
        let words = terms.split(whereSeparator: { $0.isWhitespace })
        let parts = words.compactMap { word -> String? in
            let isPrefix = word.hasSuffix("*")
            let bare = (isPrefix ? word.dropLast() : word[...]).replacingOccurrences(of: "\"", with: "\"\"")
            guard bare.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
            return "\"\(bare)\"" + (isPrefix ? "*" : "")
        }
        guard !parts.isEmpty else {
            throw PledgerError.invalidInput("the search has no words to look for; pass one or more words, such as `pledger search fentanyl`")
        }
        return parts.joined(separator: " ")
    }

    private static func commitment(concerning ref: String, _ db: Database) throws -> CommitmentRef? {
        if let commitment = CommitmentRef(ref), ref.hasPrefix("C") { return commitment }
        if let evidence = EvidenceRef(ref), ref.hasPrefix("E") {
            return try Int.fetchOne(db, sql: "SELECT commitment_id FROM evidence WHERE id = ?", arguments: [evidence.number])
                .map(CommitmentRef.init)
        }
        if let assessment = AssessmentRef(ref), ref.hasPrefix("A") {
            return try Int.fetchOne(db, sql: "SELECT commitment_id FROM assessment WHERE id = ?", arguments: [assessment.number])
                .map(CommitmentRef.init)
        }
        return nil
    }
}
