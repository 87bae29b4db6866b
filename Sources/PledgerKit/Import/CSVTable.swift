import Foundation

/// A CSV document read per RFC 4180: fields separated by commas, records by CRLF or LF, fields optionally in
/// double quotes with `""` for a quote inside; quoted fields may hold commas and line breaks.
public struct CSVTable: Sendable, Hashable {
    /// The header row's cells, trimmed.
    public let header: [String]
    /// The data rows, each with as many cells as it had (not padded).
    public let rows: [[String]]

    /// Parses UTF-8 `text`; the first record is the header. Blank lines are skipped.
    public init(parsing text: String) throws(PledgerError) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].isEmpty && !fieldWasQuoted) {
                records.append(record)
            }
            record = []
            field = ""
            fieldWasQuoted = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case "\"":
                throw .invalidInput("CSV line \(line): a quote mark inside an unquoted field; put the field in double quotes and double the quote marks inside it")
            case ",":
                record.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
            case "\n":
                endRecord()
                line += 1
            default:
                if fieldWasQuoted {
                    throw .invalidInput("CSV line \(line): text after a closing quote mark; put the whole field in double quotes")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw .invalidInput("CSV line \(line): a quoted field is never closed; add the closing double quote")
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted {
            endRecord()
        }
        guard let first = records.first else {
            throw .invalidInput("the CSV file is empty; it needs a header row and at least one data row")
        }
        header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
    }

    /// The index of the column named `name` (case-insensitive), if there is one.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.lowercased() == name.lowercased() }
    }
}
