import Testing

@testable import PledgerKit

/// How reports word a status. The words are literals, so that a report need not make or look them up for
/// each of a million uses; they must stay what the status's raw value says.
struct StatusWordingTests {
    @Test(arguments: Status.allCases)
    func aStatusLabelIsItsRawValueWithSpacesForHyphens(status: Status) {
        #expect(ReportFigures.label(status) == status.rawValue.replacingOccurrences(of: "-", with: " "))
    }

    @Test(arguments: Status.allCases)
    func aShoutedStatusIsItsRawValueUpperCased(status: Status) {
        #expect(TextReportRenderer.shouted(status) == status.rawValue.uppercased())
    }
}
