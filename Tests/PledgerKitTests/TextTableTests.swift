import Testing

@testable import PledgerKit

/// The text renderer's tables. A report's commitment table has a row per commitment, so its rows are
/// measured and written in chunks on every core; the result must be the table written row by row.
struct TextTableTests {
    /// The specification, row by row: each cell but the last padded to its column's widest cell plus two
    /// spaces, counted in terminal columns.
    private func reference(_ table: TextColumns, indent: Int) -> String {
        let rows = [table.headers] + table.rows
        var widths = [Int](repeating: 0, count: table.headers.count)
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
        var table = TextColumns(headers: ["REF", "BY", "SUMMARY"])
        table.rows = (0..<rows).map { number in
            // Widths vary from row to row, wide scalars included, so that any row out of place misaligns.
            ["C\(number)", String(repeating: "中", count: number % 5), String(repeating: "x", count: number % 13)]
        }
        var out = TextOutput(width: 100)
        out.table(table, indent: 2)
        #expect(out.text.string == reference(table, indent: 2))
    }
}
