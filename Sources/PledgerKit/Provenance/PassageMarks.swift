/// The marks that set a quote's exact words apart from their context in plain text — `«` and `»`, unless the
/// passage itself holds either, as French, Russian or Swiss text often does; then the first of the other
/// pairs that it holds neither mark of. So the marks a reader sees around the words are never the source's.
enum PassageMarks {
    /// An opening and a closing mark.
    struct Pair: Equatable {
        let open: Unicode.Scalar
        let close: Unicode.Scalar
        /// The marks as strings, made once: a report appends them to a million quotes.
        let openText: String
        let closeText: String

        init(open: Unicode.Scalar, close: Unicode.Scalar) {
            self.open = open
            self.close = close
            openText = String(open)
            closeText = String(close)
        }
    }

    /// The pairs, in order of preference; when the passage holds a mark of every pair, the first is used.
    static let pairs = [
        Pair(open: "«", close: "»"), Pair(open: "⟦", close: "⟧"), Pair(open: "⟪", close: "⟫"), Pair(open: "⦃", close: "⦄"),
    ]

    /// The first pair of which none of `scalars` is a mark.
    static func pair(avoiding scalars: some Sequence<Unicode.Scalar>) -> Pair {
        let present = Set(scalars.lazy.filter { $0.value >= 0xAB })
        return pairs.first { !present.contains($0.open) && !present.contains($0.close) } ?? pairs[0]
    }

    /// The first pair no mark of which is in `prefix`, `exact` or `suffix`: the parts of a quote in context.
    /// Most text holds no `«` or `»`, which is found from its bytes without decoding it: a report marks a
    /// million quotes.
    static func pair(avoiding prefix: String, _ exact: String, _ suffix: String) -> Pair {
        guard holdsGuillemet(prefix) || holdsGuillemet(exact) || holdsGuillemet(suffix) else { return pairs[0] }
        return pair(avoiding: [prefix, exact, suffix].lazy.flatMap(\.unicodeScalars))
    }

    /// Whether `text` holds `«` (C2 AB) or `»` (C2 BB).
    private static func holdsGuillemet(_ text: String) -> Bool {
        text.withUTF8Bytes { utf8 in
            var start = 0
            while true {
                let lead = ByteWords.firstIndex(in: utf8, from: start, marks: { ByteWords.equal($0, 0xC2) }, isMarked: { $0 == 0xC2 })
                guard lead + 1 < utf8.count else { return false }
                if utf8[lead + 1] == 0xAB || utf8[lead + 1] == 0xBB { return true }
                start = lead + 1
            }
        }
    }
}
