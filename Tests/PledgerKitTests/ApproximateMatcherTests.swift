@testable import PledgerKit
import Testing

@Suite struct ApproximateMatcherTests {
    private func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    /// Edit distance of `pattern` against the best substring of `text`, by dynamic programming.
    private func bestDistance(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Int {
        var previous = Array(0...pattern.count)
        var best = previous[pattern.count]
        for character in text {
            var current = [0]
            for (i, p) in pattern.enumerated() {
                current.append(min(previous[i] + (p == character ? 0 : 1), previous[i + 1] + 1, current[i] + 1))
            }
            best = min(best, current[pattern.count])
            previous = current
        }
        return best
    }

    @Test func findsAQuoteWithOneTypo() {
        let text = scalars("The minister promised to curtail production dramatically this year.")
        let matches = ApproximateMatcher(pattern: scalars("promised to curtial production")).matches(in: text, maxErrors: 3)
        #expect(matches.count == 1)
        #expect(matches.first?.errors == 2)
        #expect(matches.first.map { String(String.UnicodeScalarView(text[$0.range])) } == "promised to curtail production")
    }

    @Test func patternsLongerThanOneWordAreNotCapped() {
        let sentence = String(repeating: "precursor chemicals shipped abroad ", count: 12)
        var typo = sentence
        typo.replace("shipped", with: "shiped", maxReplacements: 1)
        let text = scalars("Intro. " + sentence + "Outro.")
        let pattern = scalars(typo)
        #expect(pattern.count > 300)
        let matches = ApproximateMatcher(pattern: pattern).matches(in: text, maxErrors: 5)
        #expect(matches.map(\.errors) == [1])
        #expect(matches.first?.range.lowerBound == 7)
    }

    @Test func agreesWithDynamicProgrammingOnPseudoRandomInputs() {
        var seed: UInt64 = 42
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        let alphabet = scalars("abcd ")
        for round in 0..<40 {
            let text = (0..<(50 + Int(next() % 200))).map { _ in alphabet[Int(next() % 5)] }
            let pattern = (0..<(1 + Int(next() % 150))).map { _ in alphabet[Int(next() % 5)] }
            let expected = bestDistance(pattern, text)
            var found = Int.max
            ApproximateMatcher(pattern: pattern).forEachEnd(in: text[...]) { _, errors in found = min(found, errors) }
            #expect(found == expected, "round \(round): pattern length \(pattern.count)")
        }
    }
}
