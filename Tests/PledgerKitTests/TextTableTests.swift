import Testing

@testable import PledgerKit

/// The text renderer's tables. A report's commitment table has a row per commitment, so its rows are
/// measured and written in chunks on every core; the result must be the table written row by row.
struct TextTableTests {
    /// The specification, row by row: each cell but the last padded to its column's widest cell plus two
    /// spaces, counted in terminal columns.
    private func reference(headers: [String], rows: [[String]], indent: Int) -> String {
        let rows = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in rows {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], TerminalWidth.columns(of: cell))
            }
        }
        var text = ""
        for row in rows {
            text += String(repeating: " ", count: indent)
            for (column, cell) in row.enumerated() {
                text += cell
                if column < row.count - 1 {
                    text += String(repeating: " ", count: widths[column] - TerminalWidth.columns(of: cell) + 2)
                }
            }
            text += "\n"
        }
        return text
    }

    @Test(arguments: [0, 1, 2047, 2048, 2049, 9000])
    func aTableIsWrittenAsRowByRowWhateverItsNumberOfRows(rows: Int) {
        let headers = ["REF", "BY", "SUMMARY"]
        let cells = (0..<rows).map { number in
            // Widths vary from row to row, wide scalars included, so that any row out of place misaligns.
            ["C\(number)", String(repeating: "中", count: number % 5), String(repeating: "x", count: number % 13)]
        }
        var out = TextOutput(width: 100)
        out.table(StringTable(headers: headers, rows: cells), indent: 2)
        #expect(out.text.string == reference(headers: headers, rows: cells, indent: 2))
    }

    /// A table that appends its cells, as the commitment table does: numbers, and text of other widths.
    private struct NamesTable: TextTable {
        let names: [String]
        var headers: [String] { ["N", "NAME", "LEN"] }
        var rowCount: Int { names.count }

        func appendCell(row: Int, column: Int, to text: inout ReportBuffer) {
            switch column {
            case 0: text.append(row + 1)
            case 1: text.append(contentsOf: names[row])
            default: text.append(names[row].count)
            }
        }
    }

    @Test func aTableAppendsEachCellWhereItsColumnIs() {
        let names = ["Ann", "Bo", "Cyrillic Сергей"]
        var out = TextOutput(width: 100)
        out.table(NamesTable(names: names), indent: 1)
        let expected = reference(
            headers: ["N", "NAME", "LEN"], rows: names.enumerated().map { ["\($0.offset + 1)", $0.element, "\($0.element.count)"] },
            indent: 1)
        #expect(out.text.string == expected)
    }

    @Test func aTableShowsControlAndDirectionalCharactersAsReplacementsAndMeasuresThemSo() {
        var out = TextOutput(width: 100)
        out.table(StringTable(headers: ["ACTOR", "N"], rows: [["Actor \u{202E}1\u{1B}[2J", "1"], ["B", "2"]]), indent: 0)
        #expect(out.text.string == "ACTOR         N\nActor \u{FFFD}1\u{FFFD}[2J  1\nB             2\n")
    }
}
