/// Finds where a pattern occurs in a text with at most a given number of edits (insertions, deletions,
/// substitutions of Unicode scalars), with Myers' bit-parallel algorithm.
///
/// The pattern is split into blocks of 64 scalars, one `UInt64` word each, and the blocks are advanced together
/// for every text scalar, carrying the horizontal difference from one block to the next (Hyyrö's block
/// formulation of Myers 1999). So a pattern of any length works — there is no 32- or 64-character limit — and a
/// search costs O(n · ⌈m / 64⌉) word operations for a text of n and a pattern of m scalars.
///
/// The search is semi-global: the whole pattern must match, any stretch of the text may. Each match is reported
/// once, at the end position with the fewest errors within a run of neighbouring ends, and its start is found by
/// running the same algorithm backwards from that end.
public struct ApproximateMatcher: Sendable {
    /// The scalars looked for.
    public let pattern: [Unicode.Scalar]
    /// `peq[symbol * blockCount + block]`: bit `i` is set when pattern scalar `block * 64 + i` is `symbol`.
    private let peq: [UInt64]
    /// The symbol number of each distinct pattern scalar.
    private let symbols: [Unicode.Scalar: Int]
    /// The number of 64-scalar blocks.
    private let blockCount: Int
    /// The bit of the last block that holds the pattern's last scalar.
    private let lastBit: UInt64

    /// One place where the pattern matches.
    public struct Match: Hashable, Sendable {
        /// The matched scalar range of the text.
        public var range: Range<Int>
        /// The edit distance between the pattern and the text in `range`.
        public var errors: Int

        /// Creates a match.
        public init(range: Range<Int>, errors: Int) {
            self.range = range
            self.errors = errors
        }
    }

    /// Prepares a search for `pattern`.
    public init(pattern: [Unicode.Scalar]) {
        self.pattern = pattern
        let blockCount = max(1, (pattern.count + 63) / 64)
        var symbols: [Unicode.Scalar: Int] = [:]
        for scalar in pattern where symbols[scalar] == nil {
            symbols[scalar] = symbols.count
        }
        var peq = [UInt64](repeating: 0, count: max(1, symbols.count) * blockCount)
        for (index, scalar) in pattern.enumerated() {
            if let symbol = symbols[scalar] {
                peq[symbol * blockCount + index / 64] |= 1 << UInt64(index % 64)
            }
        }
        self.peq = peq
        self.symbols = symbols
        self.blockCount = blockCount
        self.lastBit = 1 << UInt64((max(pattern.count, 1) - 1) % 64)
    }

    /// Every match with at most `maxErrors` errors, in text order: for each run of adjacent end positions within
    /// the limit, the one with the fewest errors, with its start; of several with equally few, the one whose
    /// length is closest to the pattern's (then the first).
    public func matches(in text: [Unicode.Scalar], maxErrors: Int) -> [Match] {
        guard !pattern.isEmpty, !text.isEmpty else { return [] }
        return bestEnds(in: text[...], maxErrors: maxErrors).compactMap { ends, errors in
            let candidates = ends.map { end in
                Match(range: start(ofMatchEndingAt: end, errors: errors, in: text)..<end, errors: errors)
            }
            return candidates.min { abs($0.range.count - pattern.count) < abs($1.range.count - pattern.count) }
        }
    }

    /// The edit distance of the pattern against the best-matching stretch of text ending at each position,
    /// calling `body(end, errors)` for every end (exclusive) in order.
    func forEachEnd(in text: ArraySlice<Unicode.Scalar>, _ body: (Int, Int) -> Void) {
        let blockCount = self.blockCount
        var positive = [UInt64](repeating: ~0, count: blockCount)
        var negative = [UInt64](repeating: 0, count: blockCount)
        var score = pattern.count
        let highBit: UInt64 = 1 << 63
        var position = text.startIndex
        for scalar in text {
            position += 1
            let base = symbols[scalar].map { $0 * blockCount } ?? -1
            var carry = 0
            for block in 0..<blockCount {
                var equal: UInt64 = base >= 0 ? peq[base + block] : 0
                let pv = positive[block]
                let mv = negative[block]
                let xv = equal | mv
                if carry < 0 { equal |= 1 }
                let xh = (((equal & pv) &+ pv) ^ pv) | equal
                var ph = mv | ~(xh | pv)
                var mh = pv & xh
                let outBit = block == blockCount - 1 ? lastBit : highBit
                var out = 0
                if ph & outBit != 0 { out = 1 } else if mh & outBit != 0 { out = -1 }
                ph <<= 1
                mh <<= 1
                if carry < 0 { mh |= 1 } else if carry > 0 { ph |= 1 }
                positive[block] = mh | ~(xv | ph)
                negative[block] = ph & xv
                carry = out
            }
            score += carry
            body(position, score)
        }
    }

    /// The most ends with equally few errors kept per run.
    private static let maximumTiedEnds = 16

    /// For each run of adjacent ends with at most `maxErrors` errors, the ends with the fewest (up to
    /// ``maximumTiedEnds``) and that number of errors.
    private func bestEnds(in text: ArraySlice<Unicode.Scalar>, maxErrors: Int) -> [([Int], Int)] {
        var result: [([Int], Int)] = []
        var runBest: ([Int], Int)?
        forEachEnd(in: text) { end, errors in
            if errors <= maxErrors {
                if let best = runBest {
                    if errors < best.1 {
                        runBest = ([end], errors)
                    } else if errors == best.1, best.0.count < Self.maximumTiedEnds {
                        runBest = (best.0 + [end], errors)
                    }
                } else {
                    runBest = ([end], errors)
                }
            } else if let best = runBest {
                result.append(best)
                runBest = nil
            }
        }
        if let best = runBest { result.append(best) }
        return result
    }

    /// Where a match with `errors` errors that ends at `end` starts: the reversed pattern is searched for in the
    /// reversed text before `end`; of the starts with the fewest errors, the one giving a length closest to the
    /// pattern's.
    private func start(ofMatchEndingAt end: Int, errors: Int, in text: [Unicode.Scalar]) -> Int {
        let windowStart = max(0, end - pattern.count - errors)
        let reversedText = Array(text[windowStart..<end].reversed())
        let reversed = ApproximateMatcher(pattern: pattern.reversed())
        var best: (start: Int, errors: Int)?
        reversed.forEachEnd(in: reversedText[...]) { reversedEnd, found in
            let start = end - reversedEnd
            guard found <= errors else { return }
            if let current = best {
                let closer = abs((end - start) - pattern.count) < abs((end - current.start) - pattern.count)
                if found < current.errors || (found == current.errors && closer) { best = (start, found) }
            } else {
                best = (start, found)
            }
        }
        return best?.start ?? max(0, end - pattern.count)
    }
}
