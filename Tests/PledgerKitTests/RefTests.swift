import Foundation
import PledgerKit
import Testing

/// Refs as people type them and as reports write them.
struct RefTests {
    @Test func eachKindWritesItsLetterThenTheNumber() {
        #expect([SourceRef(1).description, CommitmentRef(23).description, EvidenceRef(456).description, AssessmentRef(7).description]
            == ["S1", "C23", "E456", "A7"])
        #expect([SourceRefKind.prefix, CommitmentRefKind.prefix, EvidenceRefKind.prefix, AssessmentRefKind.prefix]
            == ["S", "C", "E", "A"])
    }

    @Test func aRefIsReadWithItsLetterInEitherCaseOrWithout() {
        #expect(CommitmentRef("C3") == CommitmentRef(3))
        #expect(CommitmentRef("c3") == CommitmentRef(3))
        #expect(CommitmentRef("3") == CommitmentRef(3))
        #expect(CommitmentRef("E3") == nil, "another kind's letter")
        #expect(CommitmentRef("C0") == nil && CommitmentRef("C") == nil && CommitmentRef("C-1") == nil)
    }

    @Test func aRefDecodesOnlyWithItsOwnLetter() throws {
        let decoded = try JSONDecoder().decode([EvidenceRef].self, from: Data(#"["E12"]"#.utf8))
        #expect(decoded == [EvidenceRef(12)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EvidenceRef].self, from: Data(#"["C12"]"#.utf8)) }
        #expect(try String(decoding: JSONEncoder().encode([AssessmentRef(9)]), as: UTF8.self) == #"["A9"]"#)
    }
}
