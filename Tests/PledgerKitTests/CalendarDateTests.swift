import Foundation
import Testing

@testable import PledgerKit

struct CalendarDateTests {
    /// Across both ends of the table of days written out, 1970 to 2099, and well beyond.
    @Test func everyDayOfThreeCenturiesReadsBackAsItselfAndFollowsTheDayBefore() throws {
        let first = try CalendarDate(validating: "1899-12-01")
        let last = try CalendarDate(validating: "2200-03-01")
        #expect(first.days(until: last) == 109_663)
        var previous = first.adding(days: -1)
        for offset in 0...first.days(until: last) {
            let day = first.adding(days: offset)
            let text = day.description
            let parsed = try CalendarDate(validating: text)
            #expect(parsed == day, "\(text)")
            #expect(parsed.days(until: previous) == -1, "\(text)")
            previous = parsed
            let fast = Array(text.utf8).withUnsafeBufferPointer(CalendarDate.parseDigits)
            #expect(fast == day, "\(text)")
        }
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2024-02-30", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "2023-01-32"])
    func impossibleDaysAreRefusedAsNoDayOfTheCalendar(_ text: String) {
        #expect(throws: PledgerError.invalidInput("date '\(text)' is not a day of the calendar; check the month and the day")) {
            try CalendarDate(validating: text)
        }
        #expect(Array(text.utf8).withUnsafeBufferPointer(CalendarDate.parseDigits) == nil)
    }

    @Test(arguments: [
        "", "2023-1-15", "20231115", "2023/11/15", " 2023-11-15", "2023-11-15 ", "2023-11-15T00:00", "yesterday",
        "２０２３-11-15", "2023-11-1a", "2023--11-15", "+999-01-01", "2023-+1-15", "2023-1-+5", "-001-01-01",
    ])
    func textThatIsNotADayIsRefusedWithTheFormItShouldHave(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer(CalendarDate.parseDigits) == nil)
        #expect {
            try CalendarDate(validating: text)
        } throws: { error in
            "\(error)".contains("is not in YYYY-MM-DD form; write it like 2023-11-15")
        }
    }

    @Test func leapDaysFollowTheGregorianRule() throws {
        for year in ["1600", "2000", "2024", "2400"] {
            #expect(throws: Never.self) { try CalendarDate(validating: "\(year)-02-29") }
        }
        #expect(try CalendarDate(validating: "2024-03-01").days(until: CalendarDate(validating: "2024-02-28")) == -2)
        #expect(try CalendarDate(validating: "1970-01-01").daysSinceEpoch == 0)
    }

    @Test(arguments: [
        (0, "1970-01-01"), (-719_528, "0000-01-01"), (-719_529, "-1-12-31"), (2_932_896, "9999-12-31"),
        (2_932_897, "10000-01-01"),
    ])
    func aDayIsWrittenAsItsDescriptionAlsoOutsideYearsZeroTo9999(days: Int, text: String) {
        let date = CalendarDate(daysSinceEpoch: days)
        #expect(date.description == text)
        var buffer = ReportBuffer()
        buffer.append(date)
        #expect(buffer.string == text, "a report writes the same bytes")
    }
}
