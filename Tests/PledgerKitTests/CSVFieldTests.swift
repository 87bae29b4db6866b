import Foundation
import Testing

@testable import PledgerKit

struct CSVFieldTests {
    /// Fields are quoted exactly when they hold a comma, a double quote, CR or LF — wherever it falls among
    /// the eight-byte words the check reads — and parse back to themselves.
    @Test func csvFieldsAreQuotedExactlyWhenTheyHoldASpecialCharacter() {
        let pieces = ["a", "longer words", "é", "日本語", "😀", ",", "\"", "\n", "\r", "\r\n", ";", "'", "=1+1", "\t"]
        var random = SeededGenerator(seed: 0xC5F_1E1D)
        for run in 0..<3_000 {
            let field = (0..<Int.random(in: 0...24, using: &random)).map { _ in
                pieces.randomElement(using: &random) ?? ""
            }.joined()
            var out = ReportBuffer()
            CSVReportRenderer.append(field, to: &out)
            let written = out.string
            let special = field.utf8.contains { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }
            let expected = special ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            #expect(written == expected, "run \(run): \(field.debugDescription)")
            if written != expected { return }
        }
    }
}
