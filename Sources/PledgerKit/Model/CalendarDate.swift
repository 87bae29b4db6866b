import Foundation

/// A day in the proleptic Gregorian calendar, written `YYYY-MM-DD`, with no time zone.
///
/// Commitments are made, fall due and are assessed on days, not instants.
public struct CalendarDate: Hashable, Sendable, Comparable {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int

    /// Creates the date that is `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Whether `text` has the form `YYYY-MM-DD` — ten digits and dashes — whether or not it names a day of the
    /// calendar: what tells a mistyped day from text that is not a date at all.
    static func hasDateForm(_ text: String) -> Bool {
        text.utf8.count == 10 && text.utf8.enumerated().allSatisfy { offset, byte in
            offset == 4 || offset == 7 ? byte == UInt8(ascii: "-") : (0x30...0x39).contains(byte)
        }
    }

    /// Parses `YYYY-MM-DD` (ASCII digits), refusing impossible days such as `2023-02-30`.
    public init(validating text: String) throws(PledgerError) {
        var text = text
        guard let date = text.withUTF8(Self.parseDigits) else {
            throw .invalidInput(
                Self.hasDateForm(text)
                    ? "date '\(text)' is not a day of the calendar; check the month and the day"
                    : "date '\(text)' is not in YYYY-MM-DD form; write it like 2023-11-15")
        }
        self = date
    }

    /// Parses exactly ten bytes `DDDD-DD-DD` of ASCII digits naming a possible day, without allocating: a
    /// report reads a date for each of a million pieces of evidence. Returns `nil` for anything else.
    static func parseDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return CalendarDate(daysSinceEpoch: Self.days(year: year, month: month, day: day))
    }

    /// The day of `instant` in UTC.
    public init(_ instant: Date) {
        daysSinceEpoch = Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// The date `days` days later (or earlier, when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    // Howard Hinnant's days-from-civil algorithm.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private var components: (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

// MARK: - CustomStringConvertible

extension CalendarDate: CustomStringConvertible {
    /// The date as `YYYY-MM-DD`.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 of ``description``, read from a table of the days from 1970 to 2099 or
    /// else written digit by digit on the stack: reports write millions of dates, and a renderer copies these
    /// bytes without making a string of them.
    func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let offset = daysSinceEpoch - Self.firstDayWritten
        if offset >= 0, offset < Self.daysWritten {
            return try body(UnsafeBufferPointer(rebasing: Self.writtenDays[(offset * 10)..<(offset * 10 + 10)]))
        }
        return try withComputedText(body)
    }

    /// The first day of ``writtenDays``: 1970-01-01.
    private static let firstDayWritten = days(year: 1970, month: 1, day: 1)
    /// How many days ``writtenDays`` holds: to 2099-12-31.
    private static let daysWritten = days(year: 2100, month: 1, day: 1) - firstDayWritten

    /// Each day from 1970 to 2099 written out, ten bytes a day: a report writes several dates for each of a
    /// million pieces of evidence, and working out a day's year, month and day costs more than the copy.
    /// Made once, on first use — month by month, in under a millisecond — and never freed or changed, so
    /// threads read it without taking turns, or counting references to it as they would to an array's storage.
    private nonisolated(unsafe) static let writtenDays: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: daysWritten * 10)
        var next = 0
        func append(_ byte: UInt8) {
            table[next] = byte
            next += 1
        }
        func appendDigits(of number: Int, count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
                divisor /= 10
            }
        }
        for year in 1970..<2100 {
            for month in 1...12 {
                for day in 1...daysIn(month: month, year: year) {
                    appendDigits(of: year, count: 4)
                    append(UInt8(ascii: "-"))
                    appendDigits(of: month, count: 2)
                    append(UInt8(ascii: "-"))
                    appendDigits(of: day, count: 2)
                }
            }
        }
        return UnsafeBufferPointer(table)
    }()

    /// The day as `withText` gives it, worked out from its year, month and day.
    private func withComputedText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let (year, month, day) = components
        guard (0...9999).contains(year) else {
            return try (String(year) + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(day)).withUTF8Bytes(body)
        }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            let zero = UInt8(ascii: "0")
            buffer[0] = zero + UInt8(year / 1000)
            buffer[1] = zero + UInt8(year / 100 % 10)
            buffer[2] = zero + UInt8(year / 10 % 10)
            buffer[3] = zero + UInt8(year % 10)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = zero + UInt8(month / 10)
            buffer[6] = zero + UInt8(month % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = zero + UInt8(day / 10)
            buffer[9] = zero + UInt8(day % 10)
            return try body(UnsafeBufferPointer(rebasing: buffer[0..<10]))
        }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}

// MARK: - Codable

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try CalendarDate(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
