import Foundation
import PledgerKit
import Testing

/// Finding a typed quote in a source's canonical text, and anchoring it.
struct QuoteLocatorTests {
    private static let seedFolder = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "fixtures/seed-case")

    private func seed(_ file: String) throws -> QuoteLocator {
        QuoteLocator(text: try CanonicalText(decoding: try Data(contentsOf: Self.seedFolder.appending(path: file))))
    }

    private func dailyCaller() throws -> QuoteLocator { try seed("dailycaller-2024-04-16-no-evidence.txt") }
    private func theHill() throws -> QuoteLocator { try seed("thehill-2023-08-04-lawmakers-letter.txt") }

    private func locator(_ string: String) throws -> QuoteLocator {
        QuoteLocator(text: try CanonicalText(decoding: Array(string.utf8)))
    }

    private func failure(
        _ locator: QuoteLocator, _ typed: String, occurrence: Int? = nil
    ) -> QuoteLocatorError? {
        do {
            let anchor = try locator.locate(typed, occurrence: occurrence)
            Issue.record("expected \(typed) not to be anchored, got \(anchor.start)..<\(anchor.end) \(anchor.exact)")
            return nil
        } catch {
            return error
        }
    }

    /// The anchor points at its `exact` in the text, and its prefix and suffix surround it.
    private func expectConsistent(_ anchor: QuoteAnchor, in text: CanonicalText) {
        #expect(text.slice(anchor.start..<anchor.end) == anchor.exact)
        #expect(anchor.check(against: text) == [])
        #expect(anchor.textSHA256 == text.sha256)
    }

    // MARK: Exact and tolerant matches

    @Test func straightQuotesTypedMatchCurlyQuotesInSource() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("\"dramatically curtail\"")
        #expect(anchor.exact == "“dramatically curtail”")
        #expect(locator.text.lineNumber(atScalarOffset: anchor.start) == 18)
        #expect(anchor.prefix.hasSuffix("take steps to "))
        #expect(anchor.suffix.hasPrefix(" the production"))
        expectConsistent(anchor, in: locator.text)
    }

    @Test func exactQuoteIsAnchoredAtItsPlace() throws {
        let locator = try dailyCaller()
        let quote = "found no evidence of new criminal enforcement actions"
        let anchor = try locator.locate(quote)
        #expect(anchor.exact == quote)
        #expect(anchor.end - anchor.start == quote.unicodeScalars.count)
        #expect(anchor.prefix.hasSuffix("(CCP) “"))
        #expect(anchor.suffix.hasPrefix("” by Beijing"))
        expectConsistent(anchor, in: locator.text)
    }

    @Test func surroundingWhitespaceOfTheTypedQuoteIsIgnored() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("  \n found no evidence\t\r\n")
        #expect(anchor.exact == "found no evidence")
    }

    @Test func quoteSpanningALineBreakMatchesWhenTypedWithOneSpace() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("the report alleges. \"This failure")
        #expect(anchor.exact == "the report alleges.\n\n“This failure")
        #expect(locator.text.lineNumber(atScalarOffset: anchor.start) == 9)
        #expect(locator.text.lineNumber(atScalarOffset: anchor.end) == 11)
        expectConsistent(anchor, in: locator.text)
    }

    @Test func emDashInSourceMatchesDoubleHyphenTyped() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("This failure -- when combined")
        #expect(anchor.exact == "This failure — when combined")
        expectConsistent(anchor, in: locator.text)
    }

    @Test func theHillsEmDashMatchesDoubleHyphenAndStraightApostrophes() throws {
        let locator = try theHill()
        let anchor = try locator.locate(
            "\"Stopping fentanyl is a life-or-death issue -- not a Republican or Democratic one,\" Lee said")
        #expect(
            anchor.exact == "“Stopping fentanyl is a life-or-death issue — not a Republican or Democratic one,” Lee said")
        let apostrophe = try locator.locate("People's Republic of China's (PRC)")
        #expect(apostrophe.exact == "People’s Republic of China’s (PRC)")
    }

    @Test func threeDotsTypedMatchEllipsisCharacterInSource() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("law enforcement coordination... which will help")
        #expect(anchor.exact == "law enforcement coordination… which will help")
        expectConsistent(anchor, in: locator.text)
    }

    @Test func ellipsisCharacterTypedMatchesThreeDotsInSource() throws {
        let locator = try locator("He said: we will act... soon. Nothing more.")
        let anchor = try locator.locate("we will act… soon")
        #expect(anchor.exact == "we will act... soon")
        #expect(anchor.start == 9)
        #expect(anchor.end == 28)
    }

    @Test func nonBreakingSpacesInSourceMatchPlainSpacesTyped() throws {
        let locator = try locator("We will cut the deficit by 10\u{A0}percent\u{202F}next\u{2007}year, she said.")
        let anchor = try locator.locate("cut the deficit by 10 percent next year")
        #expect(anchor.exact == "cut the deficit by 10\u{A0}percent\u{202F}next\u{2007}year")
        expectConsistent(anchor, in: locator.text)

        let seed = try dailyCaller()
        let working = try seed.locate("\"working group\" aimed at stemming")
        #expect(working.exact == "“working group”\u{A0}aimed\u{A0}at stemming")
    }

    @Test func runsOfMixedWhitespaceInSourceMatchOneSpaceTyped() throws {
        let locator = try locator("first part,\n  \t second part")
        #expect(try locator.locate("part, second").exact == "part,\n  \t second")
    }

    @Test func exactMatchIsPreferredOverTolerantOnes() throws {
        let locator = try locator("He wrote \"yes\" first and “yes” later.")
        let anchor = try locator.locate("“yes”")
        #expect(anchor.start == 25)
        #expect(anchor.exact == "“yes”")
    }

    @Test func typedQuoteIsNormalizedBeforeSearching() throws {
        let locator = try locator("The café opened.")
        let anchor = try locator.locate("cafe\u{301} opened")
        #expect(anchor.exact == "café opened")
        #expect(anchor.start == 4)
        #expect(anchor.end == 15)
    }

    @Test func letterCaseIsNeverFolded() throws {
        let locator = try dailyCaller()
        let error = failure(locator, "Dramatically Curtail")
        guard case .notFound(let quote, let closest)? = error else {
            Issue.record("expected not found, got \(String(describing: error))")
            return
        }
        #expect(quote == "Dramatically Curtail")
        // The suggestion shows the lower-case words that are in the text.
        #expect(closest.first?.line == 18)
        #expect(closest.first?.context.contains("dramatically curtail") == true)
    }

    // MARK: Several hits

    @Test func aQuoteWithManyHitsListsTheFirstTenAndCountsTheRest() throws {
        let text = try CanonicalText(decoding: Array(String(repeating: "The minister spoke. ", count: 25).utf8))
        let error = #expect(throws: QuoteLocatorError.self) { try QuoteLocator(text: text).locate("minister") }
        let lines = (error?.description(sourceLabel: "S1") ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == "quote \"minister\" occurs 25 times in S1; pass --occurrence N to choose one:")
        #expect(lines.count == 12)
        // Each hit is marked in its context, which holds its neighbours too.
        #expect(lines[10] == "  10: line 1, code points 184–192: …The minister spoke. The «minister» spoke. The minister spoke.…")
        #expect(lines[11] == "  …and 15 more; quote more of the passage to pick one out, or pass --occurrence N")
    }

    @Test func aPassageFromTextWithGuillemetsIsMarkedWithAPairTheTextLacks() throws {
        let text = try CanonicalText(decoding: Array("Il a dit : « Nous tiendrons parole ». Puis : « Nous tiendrons parole ».".utf8))
        let error = #expect(throws: QuoteLocatorError.self) { try QuoteLocator(text: text).locate("Nous tiendrons parole") }
        let lines = (error?.description(sourceLabel: "S1") ?? "").split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == "  1: line 1, code points 13–34: Il a dit : « ⟦Nous tiendrons parole⟧ ». Puis : « Nous tiendrons…")
    }

    @Test func ambiguousQuoteListsEveryHitWithItsLine() throws {
        let locator = try dailyCaller()
        let error = failure(locator, "fentanyl crisis")
        guard case .ambiguous(let quote, let hits)? = error else {
            Issue.record("expected ambiguity, got \(String(describing: error))")
            return
        }
        #expect(quote == "fentanyl crisis")
        #expect(hits.map(\.line) == [7, 14, 18])
        #expect(hits.allSatisfy { $0.context.contains("«fentanyl crisis»") })
        #expect(hits.allSatisfy { locator.text.slice($0.start..<$0.end) == "fentanyl crisis" })
        let message = error?.description(sourceLabel: "S1") ?? ""
        let lines = message.split(separator: "\n").map(String.init)
        #expect(lines.first == "quote \"fentanyl crisis\" occurs 3 times in S1; pass --occurrence N to choose one:")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("  1: line 7, code points 890–905: …"))
        #expect(lines[1].contains("to enable the «fentanyl crisis» because"))
        #expect(lines[2].hasPrefix("  2: line 14, code points 1881–1896: …"))
        #expect(lines[3].hasPrefix("  3: line 18, code points 2907–2922: …"))
    }

    @Test func occurrenceChoosesAmongSeveralHits() throws {
        let locator = try dailyCaller()
        let second = try locator.locate("fentanyl crisis", occurrence: 2)
        #expect(locator.text.lineNumber(atScalarOffset: second.start) == 14)
        #expect(second.exact == "fentanyl crisis")
        #expect(second.suffix.hasPrefix(" in the U.S."))
        let first = try locator.locate("fentanyl crisis", occurrence: 1)
        #expect(first.start < second.start)
        #expect(try locator.locate("found no evidence", occurrence: 1).exact == "found no evidence")
    }

    @Test func occurrenceOutOfRangeIsRefused() throws {
        let locator = try dailyCaller()
        let error = failure(locator, "fentanyl crisis", occurrence: 4)
        #expect(error == .occurrenceOutOfRange(requested: 4, available: 3))
        #expect(error?.description(sourceLabel: "S1").contains("from 1 to 3") == true)
        #expect(failure(locator, "fentanyl crisis", occurrence: 0) == .occurrenceOutOfRange(requested: 0, available: 3))
        #expect(
            failure(locator, "found no evidence", occurrence: 2) == .occurrenceOutOfRange(requested: 2, available: 1))
    }

    @Test func overlappingRepeatsAreEachAHit() throws {
        let locator = try locator("ha ha ha ha")
        guard case .ambiguous(_, let hits)? = failure(locator, "ha ha") else {
            Issue.record("expected ambiguity")
            return
        }
        #expect(hits.map(\.start) == [0, 3, 6])
    }

    @Test func aQuoteWhoseSecondOccurrenceOverlapsTheFirstIsAmbiguousAndEitherCanBeChosen() throws {
        let locator = try locator("He said: ha ha ha. Then he left.")
        guard case .ambiguous(_, let hits)? = failure(locator, "ha ha") else {
            Issue.record("expected ambiguity: the words occur at 9 and at 12")
            return
        }
        #expect(hits.map(\.start) == [9, 12])
        #expect(try locator.locate("ha ha", occurrence: 2).start == 12)
    }

    // MARK: Not found

    @Test func missingWordSuggestsThePassageThatHasIt() throws {
        let locator = try dailyCaller()
        let error = failure(locator, "found evidence of new criminal enforcement")
        guard case .notFound(_, let closest)? = error else {
            Issue.record("expected not found, got \(String(describing: error))")
            return
        }
        #expect(closest.count >= 1 && closest.count <= 3)
        #expect(closest.first?.line == 5)
        #expect(closest.first?.context.contains("found no evidence of new criminal") == true)
        let message = error?.description(sourceLabel: "S1") ?? ""
        let lines = message.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "quote \"found evidence of new criminal enforcement\" was not found in S1; did you mean:")
        #expect(lines.dropFirst().first?.hasPrefix("  line 5: …") == true)
    }

    @Test func unrelatedQuoteSuggestsNothing() throws {
        let locator = try dailyCaller()
        let error = failure(locator, "quantum chromodynamics xylophone")
        #expect(error == .notFound(quote: "quantum chromodynamics xylophone", closest: []))
        #expect(error?.description.contains("the source") == true)
        #expect(error?.description.contains("letter case") == true)
    }

    @Test func emptyQuoteIsRefused() throws {
        let locator = try dailyCaller()
        #expect(failure(locator, "") == .emptyQuote)
        #expect(failure(locator, " \n\t\u{A0} ") == .emptyQuote)
    }

    // MARK: Grapheme clusters and offsets

    @Test func quoteEndingInsideAnEmojiSequenceIsNotMatched() throws {
        // 👨‍👩‍👧 is man, ZWJ, woman, ZWJ, girl: one character of five scalars.
        let locator = try locator("Our family 👨‍👩‍👧 promise.")
        #expect(failure(locator, "family 👨") != nil)
        #expect(failure(locator, "👩‍👧 promise") != nil)
        let whole = try locator.locate("family 👨‍👩‍👧 promise")
        #expect(whole.end - whole.start == 20)
    }

    @Test func quoteStartingInsideAFlagIsNotMatched() throws {
        // 🇫🇷🇩🇪 is F R D E: the R D pair in the middle is not a flag of the text.
        let locator = try locator("Flags 🇫🇷🇩🇪 flown.")
        #expect(failure(locator, "🇷🇩") != nil)
        let germany = try locator.locate("🇩🇪 flown")
        #expect(germany.start == 8)
        #expect(germany.exact == "🇩🇪 flown")
    }

    @Test func quoteEndingBeforeACombiningMarkIsNotMatched() throws {
        // x + U+0301 has no precomposed form, so it stays two scalars after NFC.
        let locator = try locator("the variable x\u{301} grows")
        #expect(failure(locator, "variable x") != nil)
        #expect(try locator.locate("variable x\u{301}").exact == "variable x\u{301}")
    }

    @Test func offsetsCountCJKAndEmojiAsOneCodePointEach() throws {
        let locator = try locator("价格😀上涨了, and “中国承诺” was made 🇺🇸 today.")
        let anchor = try locator.locate("\"中国承诺\"")
        #expect(anchor.start == 12)
        #expect(anchor.end == 18)
        #expect(anchor.exact == "“中国承诺”")
        #expect(anchor.prefix == "价格😀上涨了, and ")
        let flag = try locator.locate("🇺🇸 today")
        #expect(flag.start == 28)
        #expect(flag.end == 36)
    }

    // MARK: Prefix and suffix

    @Test func prefixAndSuffixHoldAtMost32CodePointsOfTheText() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("directly subsidizes")
        #expect(anchor.prefix.unicodeScalars.count == 32)
        #expect(anchor.suffix.unicodeScalars.count == 32)
        #expect(locator.text.slice((anchor.start - 32)..<anchor.start) == anchor.prefix)
        #expect(locator.text.slice(anchor.end..<(anchor.end + 32)) == anchor.suffix)
        #expect(anchor.prefix == "the fentanyl crisis because it “")
        #expect(anchor.suffix == "” the production and export of p")
    }

    @Test func prefixAndSuffixStopAtTheEdgesOfTheText() throws {
        let locator = try locator("Alpha beta gamma.")
        let start = try locator.locate("Alpha")
        #expect(start.prefix == "")
        #expect(start.suffix == " beta gamma.")
        let end = try locator.locate("gamma.")
        #expect(end.prefix == "Alpha beta ")
        #expect(end.suffix == "")
    }

    @Test func prefixAndSuffixNeverSplitAGraphemeCluster() throws {
        // The family emoji (5 scalars) straddles the 32nd code point before and after the quote.
        let padding = String(repeating: "a", count: 29)
        let locator = try locator("👨‍👩‍👧\(padding)QUOTE\(padding)👨‍👩‍👧 end")
        let anchor = try locator.locate("QUOTE")
        #expect(anchor.prefix == padding)
        #expect(anchor.suffix == padding)
        let roomy = try self.locator("👨‍👩‍👧\(padding.dropLast(2))QUOTE\(padding.dropLast(2))👨‍👩‍👧 end")
        let fits = try roomy.locate("QUOTE")
        #expect(fits.prefix == "👨‍👩‍👧" + padding.dropLast(2))
        #expect(fits.prefix.unicodeScalars.count == 32)
        #expect(fits.suffix == padding.dropLast(2) + "👨‍👩‍👧")
    }

    // MARK: Checking and storing anchors

    @Test func anchorCheckFlagsATamperedText() throws {
        let original = try CanonicalText(decoding: Array("Xi promised to curb fentanyl exports by 2024.".utf8))
        let anchor = try QuoteLocator(text: original).locate("curb fentanyl exports")
        #expect(anchor.check(against: original) == [])

        let tampered = try CanonicalText(decoding: Array("Xi promised to stop fentanyl exports by 2024.".utf8))
        let problems = anchor.check(against: tampered)
        #expect(problems.contains(.textHashMismatch(recorded: original.sha256, actual: tampered.sha256)))
        #expect(
            problems.contains(.exactMismatch(recorded: "curb fentanyl exports", found: "stop fentanyl exports")))
        #expect(problems.allSatisfy { !$0.description.isEmpty })

        let shortened = try CanonicalText(decoding: Array("Xi promised.".utf8))
        #expect(
            anchor.check(against: shortened).contains(
                .rangeOutOfBounds(start: anchor.start, end: anchor.end, textLength: shortened.scalarCount)))
    }

    @Test func anchorCheckFlagsForgedPrefixSuffixAndSplitCharacters() throws {
        let text = try CanonicalText(decoding: Array("one 👍🏽 two three".utf8))
        let anchor = QuoteAnchor(text: text, range: 7..<10)
        #expect(anchor.exact == "two")
        let forged = QuoteAnchor(
            start: anchor.start, end: anchor.end, exact: anchor.exact, prefix: "xx ", suffix: " four",
            textSHA256: anchor.textSHA256)
        let problems = forged.check(against: text)
        #expect(problems.contains(.prefixMismatch(recorded: "xx ", found: "👍🏽 ")))
        #expect(problems.contains(.suffixMismatch(recorded: " four", found: " thre")))
        let split = QuoteAnchor(
            start: 5, end: 8, exact: text.slice(5..<8), prefix: text.slice(0..<5), suffix: "", textSHA256: text.sha256)
        #expect(split.check(against: text) == [.splitsGraphemeCluster(offset: 5)])
    }

    @Test func anchorRoundTripsThroughJSONWithItsKeys() throws {
        let locator = try dailyCaller()
        let anchor = try locator.locate("\"dramatically curtail\"")
        let data = try JSONEncoder().encode(anchor)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["start", "end", "exact", "prefix", "suffix", "textSHA256"])
        #expect(object?["textSHA256"] as? String == locator.text.sha256.hex)
        #expect(try JSONDecoder().decode(QuoteAnchor.self, from: data) == anchor)
        let hash = anchor.textSHA256.hex
        let reversed = Data(#"{"start":5,"end":2,"exact":"","prefix":"","suffix":"","textSHA256":"\#(hash)"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(QuoteAnchor.self, from: reversed) }
    }

    // MARK: Size

    @Test func quoteAtTheEndOfATwoMegabyteTextIsFoundExactlyAndTolerantly() throws {
        let paragraph = try dailyCaller().text.string
        var big = ""
        while big.utf8.count < 2_000_000 { big += paragraph + "\n\n" }
        big += "At the very end: the “final pledge” — kept."
        let locator = try locator(big)
        let exact = try locator.locate("the “final pledge” — kept")
        let tolerant = try locator.locate("the \"final pledge\" -- kept")
        #expect(exact == tolerant)
        #expect(exact.end == locator.text.scalarCount - 1)
    }
}
