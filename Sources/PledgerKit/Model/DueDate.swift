/// When a commitment falls due: a fixed day, or a number of days after the day it was made.
public enum DueDate: Hashable, Sendable {
    /// A fixed day.
    case on(CalendarDate)
    /// `days` days after the commitment was made (written `+60d`).
    case afterMade(days: Int)

    /// The most days after the day made that `+Nd` may name: a hundred years.
    public static let maximumDaysAfterMade = 36_500

    /// Parses `YYYY-MM-DD` or `+Nd`.
    public init(validating text: String) throws(PledgerError) {
        if text.hasPrefix("+") {
            guard text.hasSuffix("d"), let days = Int(text.dropFirst().dropLast()), days >= 0 else {
                throw .invalidInput(
                    "due date '\(text)' is not valid; write a date (YYYY-MM-DD) or a number of days after --made, such as +60d")
            }
            guard days <= Self.maximumDaysAfterMade else {
                throw .invalidInput(
                    "due date '\(text)' is more than \(Self.maximumDaysAfterMade) days (a hundred years) after --made; write the date itself (YYYY-MM-DD)")
            }
            self = .afterMade(days: days)
        } else {
            do {
                self = .on(try CalendarDate(validating: text))
            } catch {
                let reason = CalendarDate.hasDateForm(text)
                    ? "is not a day of the calendar; check the month and the day"
                    : "is not valid; write a date (YYYY-MM-DD) or a number of days after --made, such as +60d"
                throw .invalidInput("due date '\(text)' \(reason)")
            }
        }
    }

    /// The day this due date falls on for a commitment made on `made`.
    public func resolved(madeOn made: CalendarDate) -> CalendarDate {
        switch self {
        case .on(let date): date
        case .afterMade(let days): made.adding(days: days)
        }
    }
}

// MARK: - CustomStringConvertible

extension DueDate: CustomStringConvertible {
    public var description: String {
        switch self {
        case .on(let date): date.description
        case .afterMade(let days): "+\(days)d"
        }
    }
}

// MARK: - Codable

extension DueDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try DueDate(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
